using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StreamLip.Compositing;

/// <summary>Scratch buffers, per-size tables and the two-row cache of horizontally resized source rows.</summary>
public sealed partial class FaceCompositor
{
    // Per box width (capacity _columnCapacity pixels), rented from ArrayPool<T>.Shared, returned in Dispose:
    // source column and weight of the second tap per box column; mask column weights, 4 floats per pixel (BGRx);
    // two slots of one horizontally resized source row each, BGRx-interleaved, scaled to 0..255.
    private int _columnCapacity;
    private int[] _columnIndex = [];
    private float[] _columnFraction = [];
    private float[] _columnWeights = [];
    private float[] _rowSlots = [];

    // Per box height (capacity _rowCapacity rows): source row and weight of the lower tap per box row; mask row weights.
    private int _rowCapacity;
    private int[] _rowIndex = [];
    private float[] _rowFraction = [];
    private float[] _rowWeights = [];

    // What the tables above currently describe (0 = nothing), and the box-relative non-zero mask ranges.
    private int _cachedWidth;
    private int _cachedWidthFace;
    private int _columnFirst;
    private int _columnLast;
    private int _cachedHeight;
    private int _cachedHeightFace;
    private int _rowFirst;
    private int _rowLast;

    // Source row held by each slot of _rowSlots during one Paste, −1 for none.
    private int _slot0Row;
    private int _slot1Row;

    private void PrepareColumns(int width, int faceSize)
    {
        if (width > _columnCapacity)
        {
            ReturnColumns();
            GrowColumns(width);
        }

        if (width == _cachedWidth && faceSize == _cachedWidthFace)
        {
            return;
        }

        LinearTaps.Compute(faceSize, width, _columnIndex, _columnFraction);
        (_columnFirst, _columnLast) = MaskProfile.Columns(width, _edgeFeather, _columnWeights);
        _cachedWidth = width;
        _cachedWidthFace = faceSize;
    }

    private void PrepareRows(int height, int faceSize)
    {
        if (height > _rowCapacity)
        {
            ReturnRows();
            GrowRows(height);
        }

        if (height == _cachedHeight && faceSize == _cachedHeightFace)
        {
            return;
        }

        LinearTaps.Compute(faceSize, height, _rowIndex, _rowFraction);
        (_rowFirst, _rowLast) = MaskProfile.Rows(height, _lowerFaceStart, _lowerFaceEnd, _edgeFeather, _rowWeights);
        _cachedHeight = height;
        _cachedHeightFace = faceSize;
    }

    /// <summary>
    /// Source row <paramref name="row"/> resized to box columns [<paramref name="xa"/>, <paramref name="xb"/>),
    /// from the two-slot cache or computed into the slot that does not hold <paramref name="keep"/>.
    /// </summary>
    private Span<float> SourceRow(
        int row, int keep, ReadOnlySpan<float> blue, ReadOnlySpan<float> green, ReadOnlySpan<float> red,
        int faceSize, int xa, int xb)
    {
        int length = 4 * (xb - xa);
        int slotStride = 4 * _columnCapacity;
        if (_slot0Row == row)
        {
            return _rowSlots.AsSpan(0, length);
        }

        if (_slot1Row == row)
        {
            return _rowSlots.AsSpan(slotStride, length);
        }

        Span<float> target;
        if (_slot0Row == keep)
        {
            target = _rowSlots.AsSpan(slotStride, length);
            _slot1Row = row;
        }
        else
        {
            target = _rowSlots.AsSpan(0, length);
            _slot0Row = row;
        }

        int start = row * faceSize;
        ResizeRow(blue.Slice(start, faceSize), green.Slice(start, faceSize), red.Slice(start, faceSize), xa, xb, target);
        return target;
    }

    /// <summary>Horizontal pass: one source row of each plane to BGRx-interleaved box columns, scaled by 255.</summary>
    private void ResizeRow(
        ReadOnlySpan<float> blue, ReadOnlySpan<float> green, ReadOnlySpan<float> red, int xa, int xb, Span<float> target)
    {
        int count = xb - xa;
        int last = blue.Length - 1;
        if (green.Length <= last || red.Length <= last || target.Length < 4 * count || _columnIndex.Length < xb)
        {
            throw new ArgumentException("Row spans do not match the column tables.");
        }

        // Unchecked reads: every index is in [0, last] by construction of the taps (LinearTaps clamps them), and the
        // checks above cover the rest; this loop runs for every source row the mask needs, ~3 · box width values each.
        ref float b = ref MemoryMarshal.GetReference(blue);
        ref float g = ref MemoryMarshal.GetReference(green);
        ref float r = ref MemoryMarshal.GetReference(red);
        ref int index = ref _columnIndex[xa];
        ref float fraction = ref _columnFraction[xa];
        ref float o = ref MemoryMarshal.GetReference(target);
        for (int x = 0; x < count; x++)
        {
            int i0 = Unsafe.Add(ref index, x);
            int i1 = Math.Min(i0 + 1, last);
            float f = Unsafe.Add(ref fraction, x);
            float b0 = Unsafe.Add(ref b, i0);
            float g0 = Unsafe.Add(ref g, i0);
            float r0 = Unsafe.Add(ref r, i0);
            ref float pixel = ref Unsafe.Add(ref o, 4 * x);
            pixel = (b0 + (f * (Unsafe.Add(ref b, i1) - b0))) * 255f;
            Unsafe.Add(ref pixel, 1) = (g0 + (f * (Unsafe.Add(ref g, i1) - g0))) * 255f;
            Unsafe.Add(ref pixel, 2) = (r0 + (f * (Unsafe.Add(ref r, i1) - r0))) * 255f;
            Unsafe.Add(ref pixel, 3) = 0f;
        }
    }

    private void GrowColumns(int width)
    {
        _columnCapacity = width;
        _columnIndex = ArrayPool<int>.Shared.Rent(width);
        _columnFraction = ArrayPool<float>.Shared.Rent(width);
        _columnWeights = ArrayPool<float>.Shared.Rent(4 * width);
        _rowSlots = ArrayPool<float>.Shared.Rent(2 * 4 * width);
        _cachedWidth = 0;
    }

    private void GrowRows(int height)
    {
        _rowCapacity = height;
        _rowIndex = ArrayPool<int>.Shared.Rent(height);
        _rowFraction = ArrayPool<float>.Shared.Rent(height);
        _rowWeights = ArrayPool<float>.Shared.Rent(height);
        _cachedHeight = 0;
    }

    private void ReturnColumns()
    {
        ArrayPool<int>.Shared.Return(_columnIndex);
        ArrayPool<float>.Shared.Return(_columnFraction);
        ArrayPool<float>.Shared.Return(_columnWeights);
        ArrayPool<float>.Shared.Return(_rowSlots);
        _columnIndex = [];
        _columnFraction = [];
        _columnWeights = [];
        _rowSlots = [];
        _columnCapacity = 0;
    }

    private void ReturnRows()
    {
        ArrayPool<int>.Shared.Return(_rowIndex);
        ArrayPool<float>.Shared.Return(_rowFraction);
        ArrayPool<float>.Shared.Return(_rowWeights);
        _rowIndex = [];
        _rowFraction = [];
        _rowWeights = [];
        _rowCapacity = 0;
    }
}
