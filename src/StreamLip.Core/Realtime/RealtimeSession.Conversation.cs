namespace StreamLip.Realtime;

/// <summary>Whether the microphone moves the avatar's mouth (a presenter) or is only listened to (a conversation).</summary>
public sealed partial class RealtimeSession
{
    private volatile bool _mirrorsMicrophone = true;

    /// <summary>
    /// True (the default): the microphone drives the mouth whenever no pushed speech plays. False: the microphone is
    /// only heard by whoever listens to <see cref="ISessionTransport.MicrophoneAudio"/> (conversation mode, where the
    /// avatar answers the user instead of mouthing the user's words); its chunks still count as the session's activity.
    /// </summary>
    public bool MirrorsMicrophone
    {
        get => _mirrorsMicrophone;
        set => _mirrorsMicrophone = value;
    }
}
