namespace StreamLip.Audio;

/// <summary>
/// A mel spectrogram: <see cref="Columns"/> columns (80 per second of audio) of <see cref="Bands"/> float32
/// values in [−4, 4]. Stored column-major: column t's bands are contiguous, at <c>Data[t·80 + b]</c>.
/// </summary>
public sealed class MelFrames
{
    private readonly float[] _data;

    /// <summary>Allocates <paramref name="columns"/> columns, all 0.</summary>
    public MelFrames(int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Columns = columns;
        _data = new float[checked(columns * MelSpectrogram.Bands)];
    }

    /// <summary>Number of columns T.</summary>
    public int Columns { get; }

    /// <summary>Number of bands per column (80).</summary>
    public int Bands => MelSpectrogram.Bands;

    /// <summary>All values, column-major (<c>[t·80 + b]</c>).</summary>
    public ReadOnlySpan<float> Data => _data;

    /// <summary>The 80 bands of column <paramref name="t"/>, lowest band first.</summary>
    public ReadOnlySpan<float> Column(int t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t, Columns);
        return _data.AsSpan(t * MelSpectrogram.Bands, MelSpectrogram.Bands);
    }

    /// <summary>A new row-major [80, T] copy (band b, column t at <c>[b·T + t]</c>): numpy's layout of Wav2Lip's mel.</summary>
    public float[] ToBandMajor()
    {
        int bands = MelSpectrogram.Bands;
        float[] result = new float[_data.Length];
        for (int t = 0; t < Columns; t++)
        {
            ReadOnlySpan<float> column = _data.AsSpan(t * bands, bands);
            for (int b = 0; b < bands; b++)
            {
                result[(b * Columns) + t] = column[b];
            }
        }

        return result;
    }

    /// <summary>Builds frames from a row-major [80, T] array (numpy's layout).</summary>
    /// <param name="bandMajor">80·<paramref name="columns"/> values, band b's row at <c>[b·T …]</c>.</param>
    /// <param name="columns">T.</param>
    public static MelFrames FromBandMajor(ReadOnlySpan<float> bandMajor, int columns)
    {
        var frames = new MelFrames(columns);
        if (bandMajor.Length != frames._data.Length)
        {
            throw new ArgumentException($"Expected {frames._data.Length} values for [80, {columns}], got {bandMajor.Length}.", nameof(bandMajor));
        }

        int bands = MelSpectrogram.Bands;
        for (int b = 0; b < bands; b++)
        {
            for (int t = 0; t < columns; t++)
            {
                frames._data[(t * bands) + b] = bandMajor[(b * columns) + t];
            }
        }

        return frames;
    }

    /// <summary>Writable view of column <paramref name="t"/> for the producers in this assembly.</summary>
    internal Span<float> ColumnForWrite(int t) => _data.AsSpan(t * MelSpectrogram.Bands, MelSpectrogram.Bands);
}
