namespace StreamLip.Core.Tests.Audio;

/// <summary>The O(N²) DFT, the reference the FFTs are checked against. Angles are reduced exactly (n·k mod N).</summary>
internal static class NaiveDft
{
    public static (double[] Re, double[] Im) Forward(ReadOnlySpan<double> re, ReadOnlySpan<double> im)
    {
        int n = re.Length;
        double[] outRe = new double[n];
        double[] outIm = new double[n];
        for (int k = 0; k < n; k++)
        {
            double sr = 0, si = 0;
            for (int j = 0; j < n; j++)
            {
                (double sin, double cos) = Math.SinCos(2.0 * Math.PI * ((long)j * k % n) / n);

                // (re + i·im)·(cos − i·sin)
                sr += (re[j] * cos) + (im[j] * sin);
                si += (im[j] * cos) - (re[j] * sin);
            }

            outRe[k] = sr;
            outIm[k] = si;
        }

        return (outRe, outIm);
    }
}
