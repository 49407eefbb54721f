using System.Buffers;
using System.Buffers.Binary;

namespace StreamLip.Realtime.Speech;

/// <summary>
/// Audio pushed into a session as it arrives (a TTS engine's stream, a call's audio), played as one
/// <see cref="Speech.Utterance"/> from <see cref="RealtimeSession.OpenStream"/>: it starts as soon as 40 ms of it wait,
/// and a pause in the data is heard as a pause. Resampled to 16 kHz mono on the way in.
/// <see cref="Complete"/> (or <see cref="Dispose"/>) ends it; the session then plays what is left and moves on.
/// </summary>
/// <remarks>One writer at a time (not thread-safe); the session side is. Converts and resamples in a buffer rented for
/// the largest block seen, so steady streaming allocates nothing per call.</remarks>
public sealed class SpeechStream : IDisposable
{
    private readonly SpeechFeeder _feeder;
    private readonly PcmResampler _resampler;
    private float[] _input = [];
    private float[] _output = [];
    private byte _oddByte;
    private bool _hasOddByte;
    private int _pending; // samples of a partial frame waiting at the front of _input
    private bool _completed;

    internal SpeechStream(SpeechFeeder feeder, Utterance utterance, PcmResampler resampler, int channels)
    {
        _feeder = feeder;
        Utterance = utterance;
        SampleRate = resampler.InputRate;
        Channels = channels;
        _resampler = resampler;
    }

    /// <summary>The utterance this stream plays as.</summary>
    public Utterance Utterance { get; }

    /// <summary>Input samples per second per channel.</summary>
    public int SampleRate { get; }

    /// <summary>Interleaved input channels.</summary>
    public int Channels { get; }

    /// <summary>False once the stream was completed, or its utterance interrupted (what is written then is dropped).</summary>
    public bool IsOpen => !_completed && Utterance.State is UtteranceState.Queued or UtteranceState.Playing;

    /// <summary>Adds interleaved float samples in [−1, 1] at <see cref="SampleRate"/> (whole frames).</summary>
    /// <returns>False when the samples were dropped: the stream is no longer open.</returns>
    /// <exception cref="InvalidOperationException">More than 10 minutes of audio wait unplayed.</exception>
    public bool Write(ReadOnlySpan<float> interleaved)
    {
        if (!IsOpen)
        {
            return false;
        }

        int frames = interleaved.Length / Channels;
        Rent(ref _output, _resampler.MaxOutput(frames));
        int n = _resampler.Process(interleaved[..(frames * Channels)], _output);
        return _feeder.Append(Utterance, _output.AsSpan(0, n), complete: false);
    }

    /// <summary>Adds signed 16-bit little-endian interleaved PCM; a message may end mid-sample or mid-frame (the rest waits for the next).</summary>
    /// <returns>False when the samples were dropped: the stream is no longer open.</returns>
    public bool WritePcm16(ReadOnlySpan<byte> s16le)
    {
        if (!IsOpen)
        {
            return false;
        }

        int total = (_hasOddByte ? 1 : 0) + s16le.Length;
        if (_input.Length < _pending + (total / 2))
        {
            // Keep the partial frame waiting at the front.
            float[] larger = ArrayPool<float>.Shared.Rent(_pending + (total / 2));
            _input.AsSpan(0, _pending).CopyTo(larger);
            Return(ref _input);
            _input = larger;
        }

        int k = _pending;
        int at = 0;
        if (_hasOddByte && s16le.Length > 0)
        {
            _input[k++] = (short)(_oddByte | (s16le[0] << 8)) / 32768f;
            at = 1;
            _hasOddByte = false;
        }

        for (; at + 1 < s16le.Length; at += 2)
        {
            _input[k++] = BinaryPrimitives.ReadInt16LittleEndian(s16le[at..]) / 32768f;
        }

        if (at < s16le.Length)
        {
            _oddByte = s16le[at];
            _hasOddByte = true;
        }

        // Whole frames go on; a partial frame's samples wait at the front of the buffer for the next call.
        int whole = k - (k % Channels);
        bool ok = Write(_input.AsSpan(0, whole));
        _input.AsSpan(whole, k - whole).CopyTo(_input);
        _pending = k - whole;
        return ok;
    }

    /// <summary>No more audio: the rest plays, then the utterance finishes.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        Rent(ref _output, _resampler.MaxOutput(0));
        int n = _resampler.Flush(_output);
        _feeder.Append(Utterance, _output.AsSpan(0, n), complete: true);
        Return(ref _input);
        Return(ref _output);
    }

    /// <summary>Completes the stream.</summary>
    public void Dispose() => Complete();

    private static void Rent(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            Return(ref buffer);
            buffer = ArrayPool<float>.Shared.Rent(length);
        }
    }

    private static void Return(ref float[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<float>.Shared.Return(buffer);
            buffer = [];
        }
    }
}
