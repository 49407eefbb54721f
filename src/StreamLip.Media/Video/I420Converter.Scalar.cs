namespace StreamLip.Media.Video;

/// <summary>The scalar row loop: the reference the vector paths agree with, and their tail.</summary>
internal sealed partial class I420Converter
{
    /// <summary>Y offset (16) and chroma offset (128), scaled by 256 like the coefficients.</summary>
    private const int LumaOffset = 16 << 8;
    private const int ChromaOffset = 128 << 8;

    /// <summary>Converts the pixel pairs of <paramref name="rows"/> from <paramref name="x"/> (even) to the end.</summary>
    private static unsafe void RowPairScalar(in RowPair rows, int x, int width, I420Matrix m)
    {
        for (; x < width; x += 2)
        {
            byte* a = rows.Source0 + (4 * x);
            byte* b = rows.Source1 + (4 * x);
            rows.Y0[x] = (byte)Luma(a, m);
            rows.Y0[x + 1] = (byte)Luma(a + 4, m);
            rows.Y1[x] = (byte)Luma(b, m);
            rows.Y1[x + 1] = (byte)Luma(b + 4, m);

            // Down the columns first, then across: videoconvert's order, each step rounding half up.
            int u0 = Average(Cb(a, m), Cb(b, m));
            int u1 = Average(Cb(a + 4, m), Cb(b + 4, m));
            int v0 = Average(Cr(a, m), Cr(b, m));
            int v1 = Average(Cr(a + 4, m), Cr(b + 4, m));
            rows.U[x / 2] = (byte)Average(u0, u1);
            rows.V[x / 2] = (byte)Average(v0, v1);
        }
    }

    // p points at one pixel's B, G, R, x bytes. The sums stay in 0..65535: no clamping needed (limited range).
    private static unsafe int Luma(byte* p, I420Matrix m) => ((m.YR * p[2]) + (m.YG * p[1]) + (m.YB * p[0]) + LumaOffset) >> 8;

    private static unsafe int Cb(byte* p, I420Matrix m) => ((m.UR * p[2]) + (m.UG * p[1]) + (m.UB * p[0]) + ChromaOffset) >> 8;

    private static unsafe int Cr(byte* p, I420Matrix m) => ((m.VR * p[2]) + (m.VG * p[1]) + (m.VB * p[0]) + ChromaOffset) >> 8;

    private static int Average(int a, int b) => (a + b + 1) >> 1;
}
