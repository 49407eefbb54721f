namespace StreamLip.Media.Video;

/// <summary>
/// The integer RGB → limited-range Y′CbCr matrix GStreamer's <c>videoconvert</c> uses for 8-bit RGB → I420, and the
/// caps name of its colorimetry. Each coefficient is <c>rint(256 · range / 255 · K)</c>, with range 219 for Y and 224
/// for Cb and Cr and K the standard's weight; the offsets are 16 · 256 and 128 · 256, and the sum is shifted right by 8
/// with no rounding term (videoconvert's 8-bit table path). Y = (YR·R + YG·G + YB·B + 4096) &gt;&gt; 8, likewise Cb and
/// Cr with 32768.
/// </summary>
internal sealed class I420Matrix
{
    /// <summary>BT.601 (Kr 0.299, Kb 0.114): what videoconvert picks for I420 of up to 576 rows.</summary>
    public static readonly I420Matrix Bt601 = FromWeights("bt601", 0.299, 0.114);

    /// <summary>BT.709 (Kr 0.2126, Kb 0.0722): more than 576 rows.</summary>
    public static readonly I420Matrix Bt709 = FromWeights("bt709", 0.2126, 0.0722);

    private I420Matrix(string colorimetry, int[] c)
    {
        Colorimetry = colorimetry;
        YR = c[0];
        YG = c[1];
        YB = c[2];
        UR = c[3];
        UG = c[4];
        UB = c[5];
        VR = c[6];
        VG = c[7];
        VB = c[8];
    }

    /// <summary>The caps' <c>colorimetry</c> value (<c>bt601</c>: limited range, BT.601 matrix, SMPTE 170M primaries).</summary>
    public string Colorimetry { get; }

    public int YR { get; }

    public int YG { get; }

    public int YB { get; }

    public int UR { get; }

    public int UG { get; }

    public int UB { get; }

    public int VR { get; }

    public int VG { get; }

    public int VB { get; }

    /// <summary>
    /// The matrix GStreamer 1.22 gives YUV caps of <paramref name="height"/> rows that name no colorimetry (SD up to
    /// 576 rows, HD above, at every width; measured, 2160 and 4320 rows included), so a frame converted here matches
    /// what videoconvert made. Newer GStreamers default 2160 rows and more to BT.2020: the videoconvert tests would show it.
    /// </summary>
    public static I420Matrix ForHeight(int height) => height > 576 ? Bt709 : Bt601;

    private static I420Matrix FromWeights(string colorimetry, double kr, double kb)
    {
        double kg = 1 - kr - kb;
        const double Luma = 256.0 * 219 / 255;
        const double Chroma = 256.0 * 224 / 255;
        double cb = 1 / (2 * (1 - kb));
        double cr = 1 / (2 * (1 - kr));
        double[] exact =
        [
            Luma * kr, Luma * kg, Luma * kb,
            -Chroma * cb * kr, -Chroma * cb * kg, Chroma * 0.5,
            Chroma * 0.5, -Chroma * cr * kg, -Chroma * cr * kb,
        ];
        return new I420Matrix(colorimetry, Array.ConvertAll(exact, c => (int)Math.Round(c, MidpointRounding.ToEven)));
    }
}
