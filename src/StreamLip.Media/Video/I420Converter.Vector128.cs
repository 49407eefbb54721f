using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StreamLip.Media.Video;

/// <summary>
/// The SSSE3 / SSE4.1 row loop: 16 pixels of two rows per step, the same arithmetic as the AVX2 loop (see there) in
/// 128-bit registers, where the adds and packs keep pixel order and need no permutes.
/// </summary>
internal sealed partial class I420Converter
{
    /// <summary>Converts 16-pixel blocks of <paramref name="rows"/> from <paramref name="x"/>; returns the first pixel not done.</summary>
    private static unsafe int RowPair128(in RowPair rows, int x, int width, I420Matrix m)
    {
        var w = new Weights128(m);
        var partUv = Vector128.Create((byte)0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
        for (; x <= width - 16; x += 16)
        {
            byte* a = rows.Source0 + (4 * x);
            byte* b = rows.Source1 + (4 * x);
            Pixels128 a0 = Pixels8(a, w);
            Pixels128 a1 = Pixels8(a + 32, w);
            Pixels128 b0 = Pixels8(b, w);
            Pixels128 b1 = Pixels8(b + 32, w);
            Sse2.PackUnsignedSaturate(a0.Y.AsInt16(), a1.Y.AsInt16()).Store(rows.Y0 + x);
            Sse2.PackUnsignedSaturate(b0.Y.AsInt16(), b1.Y.AsInt16()).Store(rows.Y1 + x);

            // U0 V0 … U7 V7 → U0 … U7 V0 … V7.
            Vector128<ulong> planar = Ssse3.Shuffle(
                Sse2.PackUnsignedSaturate(Chroma(a0, b0).AsInt16(), Chroma(a1, b1).AsInt16()), partUv).AsUInt64();
            Unsafe.WriteUnaligned(rows.U + (x / 2), planar.GetElement(0));
            Unsafe.WriteUnaligned(rows.V + (x / 2), planar.GetElement(1));
        }

        return x;
    }

    /// <summary>Y, Cb and Cr of 8 pixels at <paramref name="p"/> (32 bytes), one 16-bit lane each, in pixel order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Pixels128 Pixels8(byte* p, in Weights128 w)
    {
        var a = Vector128.Load(p);
        var b = Vector128.Load(p + 16);
        var flip = Vector128.Create((byte)0x80);
        Vector128<short> y = Ssse3.HorizontalAdd(
            Ssse3.MultiplyAddAdjacent(w.Luma, (a ^ flip).AsSByte()),
            Ssse3.MultiplyAddAdjacent(w.Luma, (b ^ flip).AsSByte())) + w.LumaBias;
        Vector128<short> cb = Ssse3.HorizontalAdd(Ssse3.MultiplyAddAdjacent(a, w.Cb), Ssse3.MultiplyAddAdjacent(b, w.Cb));
        Vector128<short> cr = Ssse3.HorizontalAdd(Ssse3.MultiplyAddAdjacent(a, w.Cr), Ssse3.MultiplyAddAdjacent(b, w.Cr));
        var offset = Vector128.Create(unchecked((short)ChromaOffset));
        return new Pixels128(
            Sse2.ShiftRightLogical(y.AsUInt16(), 8),
            Sse2.ShiftRightLogical((cb + offset).AsUInt16(), 8),
            Sse2.ShiftRightLogical((cr + offset).AsUInt16(), 8));
    }

    /// <summary>The 4 chroma samples of 8 pixels of two rows, each 32-bit lane Cb | Cr &lt;&lt; 16 (see the AVX2 one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Chroma(in Pixels128 upper, in Pixels128 lower)
    {
        Vector128<ushort> cb = Sse2.Average(upper.Cb, lower.Cb);
        Vector128<ushort> cr = Sse2.Average(upper.Cr, lower.Cr);
        cb = Sse2.Average(cb, Sse2.ShiftRightLogical(cb.AsUInt32(), 16).AsUInt16());
        cr = Sse2.Average(cr, Sse2.ShiftLeftLogical(cr.AsUInt32(), 16).AsUInt16());
        return Sse41.Blend(cb, cr, 0b1010_1010);
    }

    /// <summary>The 4 weight bytes of one pixel [B, G, R, x] as one little-endian word (x weighs 0).</summary>
    private static uint Pack(int b, int g, int r) => (uint)(byte)b | ((uint)(byte)g << 8) | ((uint)(byte)r << 16);

    /// <summary>Y, Cb, Cr of 8 pixels, one 16-bit lane each (0..255).</summary>
    private readonly record struct Pixels128(Vector128<ushort> Y, Vector128<ushort> Cb, Vector128<ushort> Cr);

    /// <summary>The matrix as per-pixel byte weights for <c>pmaddubsw</c> (see <see cref="Weights256"/>).</summary>
    private readonly struct Weights128(I420Matrix m)
    {
        public readonly Vector128<byte> Luma = Vector128.Create(Pack(m.YB, m.YG, m.YR)).AsByte();

        public readonly Vector128<short> LumaBias = Vector128.Create(unchecked((short)(((m.YB + m.YG + m.YR) << 7) + LumaOffset)));

        public readonly Vector128<sbyte> Cb = Vector128.Create(Pack(m.UB, m.UG, m.UR)).AsSByte();

        public readonly Vector128<sbyte> Cr = Vector128.Create(Pack(m.VB, m.VG, m.VR)).AsSByte();
    }
}
