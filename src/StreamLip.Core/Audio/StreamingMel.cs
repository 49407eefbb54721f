namespace StreamLip.Audio;

/// <summary>
/// The Wav2Lip mel spectrogram of an audio stream, computed incrementally: push 16 kHz samples in chunks
/// of any size and each column comes out as soon as the samples it needs have arrived; <see cref="Flush"/>
/// at the end of the stream emits the rest. The columns are bit-identical to
/// <see cref="MelSpectrogram.Compute"/> on the whole signal.
/// </summary>
/// <remarks>
/// <para>Latency: column t (centred on sample 200·t) needs samples up to 200·t + 399, so it is emitted
/// once max(401, 200·t + 400) samples have been pushed; column 0 also needs sample 400, because its left
/// half is the mirror image of samples 1…400. Columns whose window reaches past the end of the stream
/// (the last two or three) wait for <see cref="Flush"/>, which knows where the end is. A stream of
/// n ≤ 400 samples emits everything at <see cref="Flush"/>, padded as <see cref="MelSpectrogram"/> documents.</para>
/// <para>Memory: a fixed ring of 1024 pre-emphasised samples (the most a pending column needs is 801) and
/// one column buffer; nothing is allocated after construction. Not thread-safe: one producer at a time.</para>
/// </remarks>
public sealed class StreamingMel
{
    private const int RingSize = 1024; // power of two ≥ 801 (see Push)
    private const int RingMask = RingSize - 1;

    private readonly double[] _ring = new double[RingSize]; // pre-emphasised sample i at [i & RingMask]
    private readonly double[] _frame = new double[MelSpectrogram.FftLength];
    private readonly float[] _column = new float[MelSpectrogram.Bands];
    private readonly MelColumnKernel _kernel = new();

    private long _samples;
    private float _previous;
    private int _columns;
    private long _nextReadyAt = MelSpectrogram.Pad + 1;

    /// <summary>Samples pushed so far.</summary>
    public long SamplesConsumed => _samples;

    /// <summary>Columns emitted so far; the next column's index.</summary>
    public int ColumnsEmitted => _columns;

    /// <summary>True after <see cref="Flush"/>: the stream is complete until <see cref="Reset"/>.</summary>
    public bool IsFlushed { get; private set; }

    /// <summary>Appends samples and emits every column that became complete, in order.</summary>
    /// <param name="chunk">16 kHz mono samples, any count (0 included); read during the call only.</param>
    /// <param name="sink">Receives the columns; see <see cref="IMelColumnSink.OnColumn"/> for buffer ownership.</param>
    /// <returns>The number of columns emitted by this call.</returns>
    /// <exception cref="InvalidOperationException">The stream was already flushed.</exception>
    /// <remarks>If the sink throws, the samples after the one that completed the column are not consumed
    /// (<see cref="SamplesConsumed"/> says how far the call got) and the stream stays usable.</remarks>
    public int Push(ReadOnlySpan<float> chunk, IMelColumnSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (IsFlushed)
        {
            throw new InvalidOperationException("The stream was flushed; call Reset to start a new one.");
        }

        // Why 1024 suffices: before sample k is stored, the next column t is not ready, so
        // k < max(401, 200·t + 400), while the oldest sample t or a later column may still read is
        // max(0, 200·t − 401) (one below its window, for the end mirror at Flush): at most 801 apart.
        int emitted = 0;
        long samples = _samples;
        float previous = _previous;
        foreach (float x in chunk)
        {
            _ring[samples & RingMask] = samples == 0 ? x : MelSpectrogram.Preemphasize(x, previous);
            previous = x;
            samples++;
            if (samples == _nextReadyAt)
            {
                // State first: if the sink throws, the samples after this one stay unconsumed.
                _samples = samples;
                _previous = previous;
                Emit(samples, sink);
                emitted++;
            }
        }

        _samples = samples;
        _previous = previous;
        return emitted;
    }

    /// <summary>Ends the stream: emits the remaining columns (those reaching past the last sample, mirrored
    /// at the end), so that <see cref="ColumnsEmitted"/> becomes 1 + <see cref="SamplesConsumed"/>/200.</summary>
    /// <param name="sink">Receives the columns.</param>
    /// <returns>The number of columns emitted by this call.</returns>
    /// <exception cref="InvalidOperationException">The stream was already flushed.</exception>
    public int Flush(IMelColumnSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (IsFlushed)
        {
            throw new InvalidOperationException("The stream was already flushed; call Reset to start a new one.");
        }

        int total = MelSpectrogram.ColumnCount(_samples);
        int emitted = 0;
        while (_columns < total)
        {
            Emit(_samples, sink);
            emitted++;
        }

        IsFlushed = true;
        return emitted;
    }

    /// <summary>Forgets the stream, to start a new one with the same buffers.</summary>
    public void Reset()
    {
        _samples = 0;
        _previous = 0f;
        _columns = 0;
        _nextReadyAt = MelSpectrogram.Pad + 1;
        IsFlushed = false;
    }

    // Computes column _columns from the first `length` samples, mirrored at the end as if the stream
    // ended there. Before Flush the column's window lies inside [−400, length) and length ≥ 401, where
    // the mirror at the start is just x[−i], so it does not matter that the stream goes on.
    private void Emit(long length, IMelColumnSink sink)
    {
        long start = ((long)_columns * MelSpectrogram.HopLength) - MelSpectrogram.Pad;
        Span<double> frame = _frame;
        if (length == 0)
        {
            frame.Clear();
        }
        else
        {
            for (int j = 0; j < frame.Length; j++)
            {
                frame[j] = _ring[ReflectPad.Index(start + j, length) & RingMask];
            }
        }

        _kernel.Compute(frame, _column);
        int index = _columns++;
        _nextReadyAt = Math.Max(MelSpectrogram.Pad + 1, ((long)_columns * MelSpectrogram.HopLength) + MelSpectrogram.Pad);
        sink.OnColumn(index, _column);
    }
}
