namespace StreamLip.Realtime.Speech;

/// <summary>
/// A growable FIFO of 16 kHz samples (a ring buffer, up to <see cref="MaxSamples"/>). Not thread-safe: the
/// <see cref="SpeechFeeder"/> lock guards it. A whole utterance written at once takes a ring of exactly its length; a
/// stream written ahead of real time doubles it. Playback reads it at 16 000 samples per second without allocating;
/// once a long utterance has played out its ring is given back.
/// </summary>
internal sealed class SampleQueue
{
    /// <summary>Most samples held at once (10 minutes at 16 kHz, 38 MB).</summary>
    public const int MaxSamples = 16000 * 600;

    /// <summary>The ring a queue starts with and goes back to when drained (4096 samples, 0.26 s).</summary>
    private const int SmallCapacity = 4096;

    /// <summary>A drained ring larger than this (4 s) is given back rather than kept for the next write.</summary>
    private const int KeptCapacity = 16000 * 4;

    private float[] _buffer = new float[SmallCapacity];
    private int _head;

    /// <summary>Samples waiting.</summary>
    public int Count { get; private set; }

    /// <summary>Samples the ring can hold before it grows (for tests).</summary>
    internal int Capacity => _buffer.Length;

    /// <summary>Appends <paramref name="samples"/>.</summary>
    /// <exception cref="InvalidOperationException">More than <see cref="MaxSamples"/> would be waiting.</exception>
    public void Write(ReadOnlySpan<float> samples)
    {
        if ((long)Count + samples.Length > MaxSamples)
        {
            throw new InvalidOperationException($"An utterance may hold at most {MaxSamples / 16000} s of audio not yet played; {Count / 16000.0:F1} s wait already.");
        }

        if (Count + samples.Length > _buffer.Length)
        {
            Grow(Count + samples.Length);
        }

        int tail = _head + Count;
        if (tail >= _buffer.Length)
        {
            tail -= _buffer.Length;
        }

        int first = Math.Min(samples.Length, _buffer.Length - tail);
        samples[..first].CopyTo(_buffer.AsSpan(tail));
        samples[first..].CopyTo(_buffer);
        Count += samples.Length;
    }

    /// <summary>Moves up to <paramref name="destination"/>.Length samples out; returns how many.</summary>
    public int Read(Span<float> destination)
    {
        int n = Math.Min(destination.Length, Count);
        int first = Math.Min(n, _buffer.Length - _head);
        _buffer.AsSpan(_head, first).CopyTo(destination);
        _buffer.AsSpan(0, n - first).CopyTo(destination[first..]);
        _head += n;
        if (_head >= _buffer.Length)
        {
            _head -= _buffer.Length;
        }

        Count -= n;
        if (Count == 0)
        {
            Clear();
        }

        return n;
    }

    /// <summary>Forgets every sample (and gives a large ring back).</summary>
    public void Clear()
    {
        _head = 0;
        Count = 0;
        if (_buffer.Length > KeptCapacity)
        {
            _buffer = new float[SmallCapacity];
        }
    }

    /// <summary>To exactly <paramref name="needed"/> when that is more than double (a whole utterance), else double.</summary>
    private void Grow(int needed)
    {
        float[] larger = new float[Math.Max(needed, Math.Min(2 * _buffer.Length, MaxSamples))];
        int n = Count;
        int first = Math.Min(n, _buffer.Length - _head);
        _buffer.AsSpan(_head, first).CopyTo(larger);
        _buffer.AsSpan(0, n - first).CopyTo(larger.AsSpan(first));
        _buffer = larger;
        _head = 0;
    }
}
