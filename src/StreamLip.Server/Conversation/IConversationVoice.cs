using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Server.Conversation;

/// <summary>The avatar's side of a conversation: its microphone in, its voice out (a <see cref="RealtimeSession"/>
/// through <see cref="SessionVoice"/>; a fake in tests). Thread-safe.</summary>
internal interface IConversationVoice
{
    /// <summary>The user's microphone, 16 kHz mono, raised on the transport's thread.</summary>
    event AudioSamplesHandler? Microphone;

    /// <summary>How long after audio is queued the viewer hears it and sees the mouth move (the session's latency D).</summary>
    TimeSpan Latency { get; }

    /// <summary>True while the avatar's voice may be reaching the microphone: queued or playing, or stopped less than
    /// <paramref name="echoTail"/> plus <see cref="Latency"/> ago.</summary>
    bool IsAudible(TimeSpan echoTail);

    /// <summary>Queues one sentence of the reply (16 kHz mono), after those queued before it.</summary>
    /// <exception cref="Realtime.Speech.SpeechQueueFullException">Too many are queued.</exception>
    void Speak(float[] samples16k, string label);

    /// <summary>Stops what the avatar says (the existing interrupt path); false when it said nothing.</summary>
    bool Interrupt();
}
