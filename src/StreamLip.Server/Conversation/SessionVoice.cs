using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Server.Conversation;

/// <summary>A real-time session as a conversation's voice: its transport's microphone, its pushed-speech queue and interrupt.</summary>
internal sealed class SessionVoice : IConversationVoice, IDisposable
{
    private readonly RealtimeSession _session;
    private readonly ISessionTransport _transport;
    private readonly TimeProvider _time;
    private readonly int _maxQueued;
    private long _lastFinished = long.MinValue;

    /// <summary>Wraps <paramref name="session"/>, which must have a transport (a microphone).</summary>
    public SessionVoice(RealtimeSession session, TimeProvider time, int maxQueued)
    {
        _session = session;
        _transport = session.Transport ?? throw new ArgumentException("The session has no microphone.", nameof(session));
        _time = time;
        _maxQueued = maxQueued;
        _session.UtteranceFinished += OnFinished;
        _transport.MicrophoneAudio += OnMicrophone;
    }

    /// <inheritdoc/>
    public event AudioSamplesHandler? Microphone;

    /// <inheritdoc/>
    public TimeSpan Latency => _session.LatencyBudget;

    /// <inheritdoc/>
    public bool IsAudible(TimeSpan echoTail)
    {
        if (_session.IsSpeaking)
        {
            return true;
        }

        long last = Interlocked.Read(ref _lastFinished);
        return last != long.MinValue && _time.GetElapsedTime(last) < Latency + echoTail;
    }

    /// <inheritdoc/>
    public void Speak(float[] samples16k, string label) => _session.Enqueue(samples16k, label, _maxQueued);

    /// <inheritdoc/>
    public bool Interrupt() => _session.Interrupt();

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.UtteranceFinished -= OnFinished;
        _transport.MicrophoneAudio -= OnMicrophone;
    }

    private void OnFinished(RealtimeSession session, Realtime.Speech.Utterance utterance, bool interrupted) =>
        Interlocked.Exchange(ref _lastFinished, _time.GetTimestamp());

    private void OnMicrophone(ReadOnlySpan<float> samples) => Microphone?.Invoke(samples);
}
