using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StreamLip.Media.Video;

/// <summary>
/// The AVX2 row loop: 32 pixels of two rows per step, all in 16-bit lanes. Per pixel, <c>vpmaddubsw</c> weighs the
/// B, G, R bytes in pairs and <c>vphaddw</c> adds the pairs; the sums wrap modulo 2¹⁶, which is exact because every true
/// sum lies in 0..65535, so a logical shift by 8 gives the value the scalar path gives.
/// </summary>
internal sealed partial class I420Converter
{
    /// <summary>Converts 32-pixel blocks of <paramref name="rows"/> from pixel 0; returns the first pixel not done.</summary>
    private static unsafe int RowPair256(in RowPair rows, int width, I420Matrix m)
    {
        var w = new Weights256(m);

        // After the chroma pack, one 128-bit lane holds U and V of chroma samples 0–3 and 8–11, the other 4–7 and
        // 12–15, each as UVUV…: the shuffle parts U from V within each lane, the permute puts the 4-byte groups in order.
        var partUv = Vector256.Create(Vector128.Create((byte)0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15));
        var groupOrder = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
        int x = 0;
        for (; x <= width - 32; x += 32)
        {
            byte* a = rows.Source0 + (4 * x);
            byte* b = rows.Source1 + (4 * x);
            Pixels256 a0 = Pixels16(a, w);
            Pixels256 a1 = Pixels16(a + 64, w);
            Pixels256 b0 = Pixels16(b, w);
            Pixels256 b1 = Pixels16(b + 64, w);
            StoreLuma(rows.Y0 + x, a0.Y, a1.Y);
            StoreLuma(rows.Y1 + x, b0.Y, b1.Y);

            Vector256<byte> uv = Avx2.PackUnsignedSaturate(Chroma(a0, b0).AsInt16(), Chroma(a1, b1).AsInt16());
            Vector256<byte> planar = Avx2.PermuteVar8x32(Avx2.Shuffle(uv, partUv).AsInt32(), groupOrder).AsByte();
            planar.GetLower().Store(rows.U + (x / 2));
            planar.GetUpper().Store(rows.V + (x / 2));
        }

        return x;
    }

    /// <summary>Y, Cb and Cr of 16 pixels at <paramref name="p"/> (64 bytes), one 16-bit lane each, in pixel order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Pixels256 Pixels16(byte* p, in Weights256 w)
    {
        // Pixels 0–3 and 8–11 in one vector, 4–7 and 12–15 in the other: vphaddw works within 128-bit lanes, and from
        // this pair it gives pixels 0–15 in order.
        var a = Vector256.Create(Vector128.Load(p), Vector128.Load(p + 32));
        var b = Vector256.Create(Vector128.Load(p + 16), Vector128.Load(p + 48));

        // Luma's G weight (129, 157) does not fit the signed operand, so the weights are the unsigned one and the pixels,
        // less 128, the signed one; the bias puts the 128s back.
        var flip = Vector256.Create((byte)0x80);
        Vector256<short> y = Avx2.HorizontalAdd(
            Avx2.MultiplyAddAdjacent(w.Luma, (a ^ flip).AsSByte()),
            Avx2.MultiplyAddAdjacent(w.Luma, (b ^ flip).AsSByte())) + w.LumaBias;
        Vector256<short> cb = Avx2.HorizontalAdd(Avx2.MultiplyAddAdjacent(a, w.Cb), Avx2.MultiplyAddAdjacent(b, w.Cb));
        Vector256<short> cr = Avx2.HorizontalAdd(Avx2.MultiplyAddAdjacent(a, w.Cr), Avx2.MultiplyAddAdjacent(b, w.Cr));
        var offset = Vector256.Create(unchecked((short)ChromaOffset));
        return new Pixels256(
            Avx2.ShiftRightLogical(y.AsUInt16(), 8),
            Avx2.ShiftRightLogical((cb + offset).AsUInt16(), 8),
            Avx2.ShiftRightLogical((cr + offset).AsUInt16(), 8));
    }

    /// <summary>Writes 32 Y bytes: pixels 0–15 from <paramref name="low"/>, 16–31 from <paramref name="high"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreLuma(byte* destination, Vector256<ushort> low, Vector256<ushort> high)
    {
        // The pack interleaves the 8-byte groups (0–7, 16–23, 8–15, 24–31); the permute puts them back in order.
        Vector256<byte> packed = Avx2.PackUnsignedSaturate(low.AsInt16(), high.AsInt16());
        Avx2.Permute4x64(packed.AsUInt64(), 0b11_01_10_00).AsByte().Store(destination);
    }

    /// <summary>
    /// The 8 chroma samples of 16 pixels of two rows: each 32-bit lane is Cb | Cr &lt;&lt; 16 of one 2 × 2 block,
    /// the blocks in order. Columns first, then pixel pairs: <c>vpavgw</c> is videoconvert's (a + b + 1) &gt;&gt; 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Chroma(in Pixels256 upper, in Pixels256 lower)
    {
        Vector256<ushort> cb = Avx2.Average(upper.Cb, lower.Cb);
        Vector256<ushort> cr = Avx2.Average(upper.Cr, lower.Cr);

        // Each pair's average lands in the pair's even lane for Cb, its odd lane for Cr; the blend keeps those.
        cb = Avx2.Average(cb, Avx2.ShiftRightLogical(cb.AsUInt32(), 16).AsUInt16());
        cr = Avx2.Average(cr, Avx2.ShiftLeftLogical(cr.AsUInt32(), 16).AsUInt16());
        return Avx2.Blend(cb, cr, 0b1010_1010);
    }

    /// <summary>Y, Cb, Cr of 16 pixels, one 16-bit lane each (0..255).</summary>
    private readonly record struct Pixels256(Vector256<ushort> Y, Vector256<ushort> Cb, Vector256<ushort> Cr);

    /// <summary>The matrix as per-pixel byte weights [B, G, R, x] for <c>vpmaddubsw</c>, built once per row pair.</summary>
    private readonly struct Weights256(I420Matrix m)
    {
        /// <summary>Luma weights, unsigned.</summary>
        public readonly Vector256<byte> Luma = Vector256.Create(Pack(m.YB, m.YG, m.YR)).AsByte();

        /// <summary>(YB + YG + YR) · 128 + 16 · 256: the pixels' −128 undone, and luma's offset (wraps as a short).</summary>
        public readonly Vector256<short> LumaBias = Vector256.Create(unchecked((short)(((m.YB + m.YG + m.YR) << 7) + LumaOffset)));

        /// <summary>Cb weights, signed.</summary>
        public readonly Vector256<sbyte> Cb = Vector256.Create(Pack(m.UB, m.UG, m.UR)).AsSByte();

        /// <summary>Cr weights, signed.</summary>
        public readonly Vector256<sbyte> Cr = Vector256.Create(Pack(m.VB, m.VG, m.VR)).AsSByte();
    }
}
