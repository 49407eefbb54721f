namespace StreamLip.Realtime.Speech;

/// <summary>
/// A growable FIFO of 16 kHz samples (a power-of-two ring that doubles when full, up to <see cref="MaxSamples"/>).
/// Not thread-safe: the <see cref="SpeechFeeder"/> lock guards it. Grows only while a writer runs ahead of real time;
/// playback reads it at 16 000 samples per second without allocating.
/// </summary>
internal sealed class SampleQueue
{
    /// <summary>Most samples held at once (10 minutes at 16 kHz, 38 MB).</summary>
    public const int MaxSamples = 16000 * 600;

    private float[] _buffer;
    private int _head;

    public SampleQueue(int initialCapacity = 4096)
    {
        _buffer = new float[Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)initialCapacity))];
    }

    /// <summary>Samples waiting.</summary>
    public int Count { get; private set; }

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

        int mask = _buffer.Length - 1;
        int tail = (_head + Count) & mask;
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
        _head = (_head + n) & (_buffer.Length - 1);
        Count -= n;
        return n;
    }

    /// <summary>Forgets every sample.</summary>
    public void Clear()
    {
        _head = 0;
        Count = 0;
    }

    private void Grow(int needed)
    {
        var larger = new float[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)needed)];
        int n = Read(larger);
        _buffer = larger;
        _head = 0;
        Count = n;
    }
}
