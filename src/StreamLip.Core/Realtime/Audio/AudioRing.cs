namespace StreamLip.Realtime.Audio;

/// <summary>
/// The last 4 s of the session's audio timeline, for sending the driving speech with its frames. The audio loop writes
/// at the end; the pacer reads slots D behind it. Positions never written, or overwritten since, read as silence.
/// Thread-safe (a lock: one writer and one reader, a few hundred samples per call).
/// </summary>
internal sealed class AudioRing
{
    private const int Capacity = 1 << 16; // samples, ≈ 4.1 s: far more than any D
    private const int Mask = Capacity - 1;

    private readonly float[] _samples = new float[Capacity];
    private readonly Lock _gate = new();
    private long _end;

    /// <summary>Timeline position after the last sample written.</summary>
    public long End
    {
        get
        {
            lock (_gate)
            {
                return _end;
            }
        }
    }

    /// <summary>Writes <paramref name="samples"/> at the end.</summary>
    public void Append(ReadOnlySpan<float> samples)
    {
        lock (_gate)
        {
            // Only the last Capacity samples can ever be read.
            if (samples.Length > Capacity)
            {
                _end += samples.Length - Capacity;
                samples = samples[^Capacity..];
            }

            int at = (int)(_end & Mask);
            int first = Math.Min(samples.Length, Capacity - at);
            samples[..first].CopyTo(_samples.AsSpan(at));
            samples[first..].CopyTo(_samples);
            _end += samples.Length;
        }
    }

    /// <summary>Writes silence from the end up to <paramref name="position"/>.</summary>
    public void SilenceUntil(long position)
    {
        lock (_gate)
        {
            long from = Math.Max(_end, position - Capacity);
            for (long p = from; p < position; p++)
            {
                _samples[p & Mask] = 0f;
            }

            _end = Math.Max(_end, position);
        }
    }

    /// <summary>Copies the samples at <paramref name="position"/>… into <paramref name="destination"/>; silence where there are none.</summary>
    public void Read(long position, Span<float> destination)
    {
        lock (_gate)
        {
            long oldest = _end - Capacity;
            for (int i = 0; i < destination.Length; i++)
            {
                long p = position + i;
                destination[i] = p < _end && p >= oldest && p >= 0 ? _samples[p & Mask] : 0f;
            }
        }
    }
}
