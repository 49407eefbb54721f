using StreamLip.Audio;
using StreamLip.Realtime.Speech;

namespace StreamLip.Realtime;

/// <summary>
/// Pushed speech (a virtual microphone): utterances queued on the session play into it in order, in real time on the
/// session clock, as if a microphone heard them as they play. While any is queued or playing (or a stream is open),
/// the session's own microphone is ignored; it is heard again once the queue runs empty.
/// </summary>
public sealed partial class RealtimeSession
{
    /// <summary>After an interrupt, pushed speech may still be on its way to viewers for the latency D; an interrupt this
    /// long after the last pushed chunk still cuts it (beyond D, for the stragglers of a stalled line).</summary>
    private static readonly TimeSpan CutHorizon = TimeSpan.FromMilliseconds(500);

    /// <summary>An utterance's first audio is fed (it is "heard" now; viewers see and hear it <see cref="LatencyBudget"/>
    /// later). Raised on the session's pacing thread, in order: return quickly.</summary>
    public event Action<RealtimeSession, Utterance>? UtteranceStarted;

    /// <summary>An utterance ended: all of its audio was fed (false), or it was interrupted, dropped from the queue by an
    /// interrupt, or the session stopped (true). Raised on the pacing thread or the interrupting one, in order.</summary>
    public event Action<RealtimeSession, Utterance, bool>? UtteranceFinished;

    /// <summary>Utterances queued or playing.</summary>
    public int QueuedUtterances => _speech.Queued;

    /// <summary>True while pushed speech is queued, playing, or a stream is open (the microphone is ignored meanwhile).</summary>
    public bool IsSpeaking => _speech.IsActive;

    /// <summary>Queues a whole utterance: 16 kHz mono samples (copied), played after those queued before it.</summary>
    /// <param name="samples16k">The speech, 16 kHz mono, nominally in [−1, 1] (resample with <see cref="PcmResampler"/>).</param>
    /// <param name="label">What to call it (text, file name), or null.</param>
    /// <param name="maxQueued">Refuse when this many utterances are queued or playing already.</param>
    /// <exception cref="SpeechQueueFullException">The queue is full.</exception>
    /// <exception cref="ObjectDisposedException">The session has stopped.</exception>
    public Utterance Enqueue(ReadOnlySpan<float> samples16k, string? label = null, int maxQueued = int.MaxValue)
    {
        ObjectDisposedException.ThrowIf(IsStopped, this);
        return _speech.Enqueue(samples16k, label, stream: false, maxQueued);
    }

    /// <summary>Opens a stream of speech written over time (PCM at any rate and channel count, resampled to 16 kHz mono),
    /// queued as one utterance; it starts playing once 40 ms of it wait (or it completes), and a pause in the data is
    /// heard as a pause. Complete or dispose it when the audio ends, or the queue waits on it.</summary>
    /// <param name="sampleRate">Input samples per second per channel, 1000..384000.</param>
    /// <param name="channels">Interleaved input channels, 1..8 (mixed to mono).</param>
    /// <param name="label">What to call it, or null.</param>
    /// <param name="maxQueued">Refuse when this many utterances are queued or playing already.</param>
    /// <exception cref="SpeechQueueFullException">The queue is full.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate or channel count is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The session has stopped.</exception>
    public SpeechStream OpenStream(int sampleRate = MelSpectrogram.SampleRate, int channels = 1, string? label = null, int maxQueued = int.MaxValue)
    {
        ObjectDisposedException.ThrowIf(IsStopped, this);
        var resampler = new PcmResampler(sampleRate, channels); // checks the format before anything is queued
        Utterance utterance = _speech.Enqueue([], label, stream: true, maxQueued);
        return new SpeechStream(_speech, utterance, resampler, channels);
    }

    /// <summary>
    /// Stops the utterance playing and drops the queued ones (each reported by <see cref="UtteranceFinished"/>,
    /// interrupted), and cuts what is already on its way: from the next frame sent on (within 40 ms), viewers see the
    /// avatar at rest on its own loop frame and hear silence (after a 5 ms fade), until new audio arrives. Does nothing
    /// when no pushed speech is queued, playing, or still on its way (the microphone's own speech is never cut).
    /// </summary>
    /// <returns>True when something was stopped or cut.</returns>
    public bool Interrupt()
    {
        if (IsStopped)
        {
            return false;
        }

        int stopped = _speech.Interrupt();
        long lastFed = _speech.LastFed;
        bool inFlight = lastFed != long.MinValue && _clock.Time.GetElapsedTime(lastFed) < _clock.Latency + CutHorizon;
        if (stopped == 0 && !inFlight)
        {
            return false;
        }

        // Every chunk of the stopped speech was queued before this number; the first one after it starts afresh.
        long sequence = _audioStage.NextSequence();
        _pacer.Cut(sequence);
        _audioStage.RequestCut(sequence);
        return true;
    }
}
