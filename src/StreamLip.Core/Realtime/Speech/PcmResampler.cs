namespace StreamLip.Realtime.Speech;

/// <summary>
/// A streaming resampler from interleaved PCM at any rate and channel count to mono at another rate (16 kHz for a
/// session): channels are averaged, then a Kaiser-windowed sinc low-pass (cut-off 0.9 × the lower Nyquist frequency,
/// 16 zero crossings each side, β = 8) is evaluated at each output instant from a 256-phase table, interpolated
/// linearly between phases. Output sample k is at input time k · inRate / outRate (exact integer stepping, no drift).
/// </summary>
/// <remarks>
/// Latency: an output sample needs the input up to half the kernel beyond it (≈ 16 / cut-off: 1.1 ms at 48 kHz in,
/// 2.2 ms at 8 kHz); <see cref="Flush"/> at the end of the stream emits the rest as if silence followed.
/// Memory: the phase table and a history buffer, allocated at construction (the history grows only if a caller
/// passes larger blocks than ever before). Not thread-safe: one writer at a time. Same rates: samples pass through.
/// </remarks>
public sealed class PcmResampler
{
    private const int Phases = 256;
    private const int ZeroCrossings = 16;
    private const double Beta = 8.0;
    private const double CutoffFraction = 0.9;

    private readonly int _inRate;
    private readonly int _outRate;
    private readonly int _channels;
    private readonly int _taps;   // kernel length in input samples (even)
    private readonly float[] _table; // (Phases + 1) rows of _taps weights
    private float[] _history;     // mono input not yet fully used; _history[0] is input sample _base
    private int _count;           // valid samples in _history
    private long _base;           // input index of _history[0]
    private long _position;       // next output's input time × outRate (integer stepping)
    private bool _flushed;

    /// <summary>A resampler for <paramref name="channels"/>-channel input at <paramref name="inRate"/> Hz.</summary>
    /// <param name="inRate">Input samples per second per channel, 1000..384000.</param>
    /// <param name="channels">Interleaved input channels, 1..8; averaged to mono.</param>
    /// <param name="outRate">Output samples per second (mono); 16 000 by default.</param>
    public PcmResampler(int inRate, int channels = 1, int outRate = 16000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inRate, 1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inRate, 384_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(outRate, 1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outRate, 384_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 8);
        int g = Gcd(inRate, outRate);
        _inRate = inRate / g;
        _outRate = outRate / g;
        _channels = channels;
        InputRate = inRate;
        OutputRate = outRate;

        // Cut-off as a fraction of the input rate: below both Nyquist frequencies.
        double cutoff = 0.5 * CutoffFraction * Math.Min(1.0, (double)outRate / inRate);
        int half = (int)Math.Ceiling(ZeroCrossings / (2 * cutoff));
        _taps = 2 * half;
        _table = BuildTable(cutoff, half);
        _history = new float[Math.Max(4096, 4 * _taps)];
    }

    /// <summary>Input rate, Hz.</summary>
    public int InputRate { get; }

    /// <summary>Output rate, Hz.</summary>
    public int OutputRate { get; }

    /// <summary>True when input and output rates match (samples are only mixed down to mono).</summary>
    public bool IsPassThrough => _inRate == _outRate;

    /// <summary>The most output samples a call with <paramref name="inputFrames"/> frames (or <see cref="Flush"/>) can give.</summary>
    public int MaxOutput(int inputFrames) => checked((int)(((long)(inputFrames + _taps) * _outRate / _inRate) + 2));

    /// <summary>Resamples one block of a stream whole: mono output at <paramref name="outRate"/>, silence assumed after the end.</summary>
    /// <param name="interleaved">Interleaved samples; a trailing partial frame is ignored.</param>
    /// <param name="inRate">Input rate, Hz.</param>
    /// <param name="channels">Input channels.</param>
    /// <param name="outRate">Output rate, Hz.</param>
    public static float[] Resample(ReadOnlySpan<float> interleaved, int inRate, int channels = 1, int outRate = 16000)
    {
        var resampler = new PcmResampler(inRate, channels, outRate);
        int frames = interleaved.Length / channels;
        float[] output = new float[resampler.MaxOutput(frames) + resampler.MaxOutput(0)];
        int n = resampler.Process(interleaved[..(frames * channels)], output);
        n += resampler.Flush(output.AsSpan(n));
        return output.AsSpan(0, n).ToArray();
    }

    /// <summary>Takes <paramref name="interleaved"/> (whole frames) and writes every output sample it completes.</summary>
    /// <param name="interleaved">Interleaved input frames, read during the call only.</param>
    /// <param name="output">At least <see cref="MaxOutput"/>(frames) long.</param>
    /// <returns>Output samples written.</returns>
    /// <exception cref="ArgumentException">A partial frame, or <paramref name="output"/> is too short.</exception>
    /// <exception cref="InvalidOperationException">The stream was flushed.</exception>
    public int Process(ReadOnlySpan<float> interleaved, Span<float> output)
    {
        if (_flushed)
        {
            throw new InvalidOperationException("The resampler was flushed at the end of its stream.");
        }

        if (interleaved.Length % _channels != 0)
        {
            throw new ArgumentException($"{interleaved.Length} samples are not whole frames of {_channels} channels.", nameof(interleaved));
        }

        int frames = interleaved.Length / _channels;
        if (output.Length < MaxOutput(frames))
        {
            throw new ArgumentException($"The output needs room for {MaxOutput(frames)} samples.", nameof(output));
        }

        Append(interleaved, frames);
        return Produce(output, _base + _count);
    }

    /// <summary>Ends the stream: writes the remaining output as if silence followed the last input.</summary>
    /// <param name="output">At least <see cref="MaxOutput"/>(0) long.</param>
    public int Flush(Span<float> output)
    {
        if (_flushed)
        {
            return 0;
        }

        _flushed = true;
        long end = _base + _count; // input samples in all
        Span<float> zeros = stackalloc float[64];
        zeros.Clear();
        for (int left = _taps; left > 0; left -= zeros.Length)
        {
            AppendMono(zeros[..Math.Min(left, zeros.Length)]);
        }

        // Outputs whose instant lies before the end of the input.
        return Produce(output, _base + _count, end);
    }

    private int Produce(Span<float> output, long available, long limit = long.MaxValue)
    {
        int half = _taps / 2;
        int ahead = IsPassThrough ? 0 : half; // input needed beyond an output's instant
        int written = 0;
        while (true)
        {
            long n = _position / _outRate;           // integer part of the input time
            if (n + ahead >= available || n >= limit || written >= output.Length)
            {
                break;
            }

            if (IsPassThrough)
            {
                output[written++] = _history[(int)(n - _base)];
                _position += _inRate;
                continue;
            }

            double phase = (double)(_position % _outRate) / _outRate * Phases;
            int p = (int)phase;
            float a = (float)(phase - p);
            ReadOnlySpan<float> w0 = _table.AsSpan(p * _taps, _taps);
            ReadOnlySpan<float> w1 = _table.AsSpan((p + 1) * _taps, _taps);
            int first = (int)(n - half + 1 - _base);
            float sum0 = 0f, sum1 = 0f;
            for (int j = 0; j < _taps; j++)
            {
                int i = first + j;
                float x = i >= 0 ? _history[i] : 0f; // before the first input: silence
                sum0 += x * w0[j];
                sum1 += x * w1[j];
            }

            output[written++] = sum0 + (a * (sum1 - sum0));
            _position += _inRate;
        }

        // Forget input no output will read again (keep half a kernel before the next output).
        long keepFrom = (_position / _outRate) - half + 1;
        int drop = (int)Math.Clamp(keepFrom - _base, 0, _count);
        if (drop > 0)
        {
            _history.AsSpan(drop, _count - drop).CopyTo(_history);
            _count -= drop;
            _base += drop;
        }

        return written;
    }

    private void Append(ReadOnlySpan<float> interleaved, int frames)
    {
        EnsureRoom(frames);
        Span<float> target = _history.AsSpan(_count, frames);
        if (_channels == 1)
        {
            interleaved.CopyTo(target);
        }
        else
        {
            float scale = 1f / _channels;
            for (int f = 0; f < frames; f++)
            {
                float sum = 0f;
                for (int c = 0; c < _channels; c++)
                {
                    sum += interleaved[(f * _channels) + c];
                }

                target[f] = sum * scale;
            }
        }

        _count += frames;
    }

    private void AppendMono(ReadOnlySpan<float> mono)
    {
        EnsureRoom(mono.Length);
        mono.CopyTo(_history.AsSpan(_count));
        _count += mono.Length;
    }

    private void EnsureRoom(int frames)
    {
        if (_count + frames > _history.Length)
        {
            Array.Resize(ref _history, Math.Max(_history.Length * 2, _count + frames));
        }
    }

    // Row p holds the weights for an output at fractional input time p / Phases past tap half − 1:
    // weight j multiplies input (n − half + 1 + j), at distance (j − half + 1 − p/Phases) input samples from the output.
    private static float[] BuildTable(double cutoff, int half)
    {
        int taps = 2 * half;
        float[] table = new float[(Phases + 1) * taps];
        double i0Beta = BesselI0(Beta);
        for (int p = 0; p <= Phases; p++)
        {
            double frac = (double)p / Phases;
            double sum = 0;
            for (int j = 0; j < taps; j++)
            {
                double x = j - half + 1 - frac;
                double sinc = x == 0 ? 1.0 : Math.Sin(2 * Math.PI * cutoff * x) / (2 * Math.PI * cutoff * x);
                double r = x / half;
                double window = Math.Abs(r) >= 1 ? 0 : BesselI0(Beta * Math.Sqrt(1 - (r * r))) / i0Beta;
                double w = 2 * cutoff * sinc * window;
                table[(p * taps) + j] = (float)w;
                sum += w;
            }

            // Unit gain at DC for every phase (the window perturbs the sinc's own unit sum slightly).
            for (int j = 0; j < taps; j++)
            {
                table[(p * taps) + j] = (float)(table[(p * taps) + j] / sum);
            }
        }

        return table;
    }

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 50; k++)
        {
            term *= q / (k * k);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
