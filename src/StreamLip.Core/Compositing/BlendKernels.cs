using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamLip.Compositing;

/// <summary>
/// The hot loop of the paste: vertical interpolation between two horizontally resized source rows and the
/// weighted blend into one BGRx frame row, fused so every byte of the frame is read and written once.
/// All spans are interleaved BGRx, one element per byte of the frame row.
/// </summary>
internal static class BlendKernels
{
    /// <summary>
    /// <c>dst[i] = round(clamp(dst[i] + w·(s − dst[i]), 0, 255))</c> with <c>s = upper[i] + fy·(lower[i] − upper[i])</c>
    /// and <c>w = columnWeights[i] · rowWeight</c>. Source rows are already scaled to 0..255.
    /// </summary>
    /// <param name="upper">Source row above the output row's centre, <c>dst.Length</c> floats.</param>
    /// <param name="lower">Source row below it, <c>dst.Length</c> floats.</param>
    /// <param name="fy">Weight of <paramref name="lower"/>, in [0, 1).</param>
    /// <param name="columnWeights">Mask column weights, <c>dst.Length</c> floats (x slots 0).</param>
    /// <param name="rowWeight">Mask row weight, in [0, 1].</param>
    /// <param name="dst">The frame bytes of the pasted part of one row.</param>
    /// <param name="path">Which implementation to run; vector paths fall back when not accelerated.</param>
    public static void BlendRow(
        ReadOnlySpan<float> upper,
        ReadOnlySpan<float> lower,
        float fy,
        ReadOnlySpan<float> columnWeights,
        float rowWeight,
        Span<byte> dst,
        BlendPath path)
    {
        int n = dst.Length;
        if (upper.Length < n || lower.Length < n || columnWeights.Length < n)
        {
            throw new ArgumentException("Source rows and column weights must cover the destination row.");
        }

        ref float u = ref MemoryMarshal.GetReference(upper);
        ref float l = ref MemoryMarshal.GetReference(lower);
        ref float cw = ref MemoryMarshal.GetReference(columnWeights);
        ref byte d = ref MemoryMarshal.GetReference(dst);
        int i = 0;

        if (path == BlendPath.Vector256 && Vector256.IsHardwareAccelerated)
        {
            i = Blend256(ref u, ref l, fy, ref cw, rowWeight, ref d, n);
        }

        if (path != BlendPath.Scalar && Vector128.IsHardwareAccelerated)
        {
            i = Blend128(ref u, ref l, fy, ref cw, rowWeight, ref d, i, n);
        }

        for (; i < n; i++)
        {
            float s = Unsafe.Add(ref u, i) + (fy * (Unsafe.Add(ref l, i) - Unsafe.Add(ref u, i)));
            float w = Unsafe.Add(ref cw, i) * rowWeight;
            ref byte target = ref Unsafe.Add(ref d, i);
            float o = target + (w * (s - target));
            o = MathF.Min(MathF.Max(o, 0f), 255f);

            // o ≥ 0, so truncating o + 0.5 rounds half up, the same as the vector paths.
            target = (byte)(int)(o + 0.5f);
        }
    }

    private static int Blend256(ref float u, ref float l, float fy, ref float cw, float rowWeight, ref byte d, int n)
    {
        var vFy = Vector256.Create(fy);
        var vRow = Vector256.Create(rowWeight);
        int i = 0;
        for (; i <= n - 32; i += 32)
        {
            var bytes = Vector256.LoadUnsafe(ref d, (nuint)i);
            (Vector256<ushort> lo16, Vector256<ushort> hi16) = Vector256.Widen(bytes);
            (Vector256<uint> a, Vector256<uint> b) = Vector256.Widen(lo16);
            (Vector256<uint> c, Vector256<uint> e) = Vector256.Widen(hi16);
            Vector256<uint> ra = Blend8(ref u, ref l, ref cw, vFy, vRow, a, i);
            Vector256<uint> rb = Blend8(ref u, ref l, ref cw, vFy, vRow, b, i + 8);
            Vector256<uint> rc = Blend8(ref u, ref l, ref cw, vFy, vRow, c, i + 16);
            Vector256<uint> re = Blend8(ref u, ref l, ref cw, vFy, vRow, e, i + 24);

            // Values are already clamped to 0..255, so the truncating narrows are exact.
            var packed = Vector256.Narrow(Vector256.Narrow(ra, rb), Vector256.Narrow(rc, re));
            packed.StoreUnsafe(ref d, (nuint)i);
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Blend8(
        ref float u, ref float l, ref float cw, Vector256<float> fy, Vector256<float> row, Vector256<uint> dst, int i)
    {
        var vu = Vector256.LoadUnsafe(ref u, (nuint)i);
        var vl = Vector256.LoadUnsafe(ref l, (nuint)i);
        Vector256<float> s = vu + (fy * (vl - vu));
        Vector256<float> w = Vector256.LoadUnsafe(ref cw, (nuint)i) * row;
        var vd = Vector256.ConvertToSingle(dst.AsInt32());
        Vector256<float> o = vd + (w * (s - vd));
        // Native min/max: the sources are finite (generator output), so NaN ordering does not matter here.
        o = Vector256.MinNative(Vector256.MaxNative(o, Vector256<float>.Zero), Vector256.Create(255f));
        return Vector256.ConvertToInt32Native(o + Vector256.Create(0.5f)).AsUInt32();
    }

    private static int Blend128(
        ref float u, ref float l, float fy, ref float cw, float rowWeight, ref byte d, int start, int n)
    {
        var vFy = Vector128.Create(fy);
        var vRow = Vector128.Create(rowWeight);
        int i = start;
        for (; i <= n - 16; i += 16)
        {
            var bytes = Vector128.LoadUnsafe(ref d, (nuint)i);
            (Vector128<ushort> lo16, Vector128<ushort> hi16) = Vector128.Widen(bytes);
            (Vector128<uint> a, Vector128<uint> b) = Vector128.Widen(lo16);
            (Vector128<uint> c, Vector128<uint> e) = Vector128.Widen(hi16);
            Vector128<uint> ra = Blend4(ref u, ref l, ref cw, vFy, vRow, a, i);
            Vector128<uint> rb = Blend4(ref u, ref l, ref cw, vFy, vRow, b, i + 4);
            Vector128<uint> rc = Blend4(ref u, ref l, ref cw, vFy, vRow, c, i + 8);
            Vector128<uint> re = Blend4(ref u, ref l, ref cw, vFy, vRow, e, i + 12);
            var packed = Vector128.Narrow(Vector128.Narrow(ra, rb), Vector128.Narrow(rc, re));
            packed.StoreUnsafe(ref d, (nuint)i);
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Blend4(
        ref float u, ref float l, ref float cw, Vector128<float> fy, Vector128<float> row, Vector128<uint> dst, int i)
    {
        var vu = Vector128.LoadUnsafe(ref u, (nuint)i);
        var vl = Vector128.LoadUnsafe(ref l, (nuint)i);
        Vector128<float> s = vu + (fy * (vl - vu));
        Vector128<float> w = Vector128.LoadUnsafe(ref cw, (nuint)i) * row;
        var vd = Vector128.ConvertToSingle(dst.AsInt32());
        Vector128<float> o = vd + (w * (s - vd));
        o = Vector128.MinNative(Vector128.MaxNative(o, Vector128<float>.Zero), Vector128.Create(255f));
        return Vector128.ConvertToInt32Native(o + Vector128.Create(0.5f)).AsUInt32();
    }
}
