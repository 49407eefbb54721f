using System.Buffers;
using System.Runtime.Intrinsics;
using StreamLip.Avatars;

namespace StreamLip.Compositing;

/// <summary>
/// Pastes a generated face crop back into its avatar frame: bilinear resize (half-pixel centres, as
/// <c>cv2.resize INTER_LINEAR</c>) of the crop to the face box, blended through a feathered lower-face mask
/// (<see cref="FeatherMask"/>) so that no box edge or seam shows. Pixels where the mask is 0 — the upper face,
/// the outermost pixel ring of the box's left, right and bottom edges, everything outside the box — are left
/// bit-exact.
/// </summary>
/// <remarks>
/// One instance per session; not thread-safe. Every scratch buffer is rented from <see cref="ArrayPool{T}.Shared"/>
/// at construction (for the maximum box size given), grown only when a bigger box arrives, and returned in
/// <see cref="Dispose"/>; interpolation tables and mask weights are cached per box width and per box height,
/// so a steady-state <see cref="Paste"/> allocates nothing.
/// </remarks>
public sealed partial class FaceCompositor : IDisposable
{
    // A box side above this is certainly a bug upstream; it also keeps 4 · width · sizeof(float) far from overflow.
    private const int MaxBoxSide = 1 << 15;

    private readonly float _lowerFaceStart;
    private readonly float _lowerFaceEnd;
    private readonly float _edgeFeather;
    private bool _disposed;

    /// <summary>Creates a compositor with buffers for boxes up to the given size, using the fastest SIMD path available.</summary>
    /// <param name="maxBoxWidth">Largest expected face box width in frame pixels (larger boxes grow the buffers once).</param>
    /// <param name="maxBoxHeight">Largest expected face box height in frame pixels.</param>
    /// <param name="mask">Mask shape; null for the defaults. Validated, then copied: later changes have no effect.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not in 1..32768.</exception>
    /// <exception cref="ArgumentException"><paramref name="mask"/> is invalid.</exception>
    public FaceCompositor(int maxBoxWidth, int maxBoxHeight, FeatherMask? mask = null)
        : this(maxBoxWidth, maxBoxHeight, mask, BestPath())
    {
    }

    /// <summary>Creates a compositor that runs the given blend implementation (tests compare them).</summary>
    internal FaceCompositor(int maxBoxWidth, int maxBoxHeight, FeatherMask? mask, BlendPath path)
    {
        ValidateSide(maxBoxWidth, nameof(maxBoxWidth));
        ValidateSide(maxBoxHeight, nameof(maxBoxHeight));
        mask ??= new FeatherMask();
        mask.Validate();
        _lowerFaceStart = mask.LowerFaceStart;
        _lowerFaceEnd = mask.LowerFaceEnd;
        _edgeFeather = mask.EdgeFeather;
        Path = path;
        GrowColumns(maxBoxWidth);
        GrowRows(maxBoxHeight);
    }

    /// <summary>The blend implementation this instance runs.</summary>
    internal BlendPath Path { get; }

    /// <summary>
    /// Resizes <paramref name="generated"/> to <paramref name="box"/> and blends it into the frame through the mask.
    /// Only rows and columns with a non-zero mask weight that lie inside the frame are computed or touched; a box
    /// partly (or wholly) outside the frame is clipped.
    /// </summary>
    /// <param name="generated">The generator's crop: planar BGR float32 in [0, 1], layout [3, S, S], channel 0 = B.</param>
    /// <param name="faceSize">S, the crop side in pixels.</param>
    /// <param name="box">Where the crop goes, in frame pixels; may extend past the frame edges.</param>
    /// <param name="frameBgrx">The avatar frame, BGRx bytes, modified in place; the x byte is left as it is.</param>
    /// <param name="frameWidth">Frame width in pixels.</param>
    /// <param name="frameHeight">Frame height in pixels.</param>
    /// <param name="stride">Bytes from one frame row to the next (≥ 4 · <paramref name="frameWidth"/>).</param>
    /// <exception cref="ObjectDisposedException">The compositor was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the box side exceeds 32768.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its sizes require.</exception>
    public void Paste(
        ReadOnlySpan<float> generated,
        int faceSize,
        FaceBox box,
        Span<byte> frameBgrx,
        int frameWidth,
        int frameHeight,
        int stride)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(faceSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameHeight);
        ValidateSide(box.Width, nameof(box));
        ValidateSide(box.Height, nameof(box));
        if (stride < 4L * frameWidth)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, "Stride must be at least 4 · frameWidth bytes.");
        }

        if ((long)generated.Length < 3L * faceSize * faceSize)
        {
            throw new ArgumentException($"The crop needs 3 · {faceSize} · {faceSize} floats, got {generated.Length}.", nameof(generated));
        }

        if (frameBgrx.Length < ((long)(frameHeight - 1) * stride) + (4L * frameWidth))
        {
            throw new ArgumentException($"A {frameWidth}×{frameHeight} frame with stride {stride} does not fit in {frameBgrx.Length} bytes.", nameof(frameBgrx));
        }

        PrepareColumns(box.Width, faceSize);
        PrepareRows(box.Height, faceSize);

        // Box-relative ranges: columns/rows the mask needs, intersected with the frame (long: box may be far off).
        int xa = (int)Math.Max(_columnFirst, -(long)box.X);
        int xb = (int)Math.Min(_columnLast + 1L, (long)frameWidth - box.X);
        int ya = (int)Math.Max(_rowFirst, -(long)box.Y);
        int yb = (int)Math.Min(_rowLast + 1L, (long)frameHeight - box.Y);
        if (xa >= xb || ya >= yb)
        {
            return;
        }

        int bytes = 4 * (xb - xa);
        ReadOnlySpan<float> columnWeights = _columnWeights.AsSpan(4 * xa, bytes);
        // The crop changes every call, so rows resized by an earlier call are stale.
        _slot0Row = -1;
        _slot1Row = -1;
        int planeSize = faceSize * faceSize;
        ReadOnlySpan<float> blue = generated[..planeSize];
        ReadOnlySpan<float> green = generated.Slice(planeSize, planeSize);
        ReadOnlySpan<float> red = generated.Slice(2 * planeSize, planeSize);
        int lastSourceRow = faceSize - 1;

        for (int y = ya; y < yb; y++)
        {
            int r0 = _rowIndex[y];
            int r1 = Math.Min(r0 + 1, lastSourceRow);
            float fy = _rowFraction[y];
            ReadOnlySpan<float> upper = SourceRow(r0, r1, blue, green, red, faceSize, xa, xb);
            ReadOnlySpan<float> lower = fy == 0f ? upper : SourceRow(r1, r0, blue, green, red, faceSize, xa, xb);
            int offset = ((box.Y + y) * stride) + ((box.X + xa) * 4);
            BlendKernels.BlendRow(upper, lower, fy, columnWeights, _rowWeights[y], frameBgrx.Slice(offset, bytes), Path);
        }
    }

    /// <summary>Returns the scratch buffers to the pool; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReturnColumns();
        ReturnRows();
    }

    private static BlendPath BestPath() =>
        Vector256.IsHardwareAccelerated ? BlendPath.Vector256
        : Vector128.IsHardwareAccelerated ? BlendPath.Vector128
        : BlendPath.Scalar;

    private static void ValidateSide(int side, string name)
    {
        if (side is <= 0 or > MaxBoxSide)
        {
            throw new ArgumentOutOfRangeException(name, side, $"A box side must be in 1..{MaxBoxSide} pixels.");
        }
    }
}
