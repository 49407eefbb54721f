namespace StreamLip.Server.Outputs;

/// <summary>What an output of a session is.</summary>
public enum OutputKind
{
    /// <summary>An RTMP/RTMPS/SRT push.</summary>
    Stream,

    /// <summary>An MP4 recording.</summary>
    Recording,

    /// <summary>A v4l2loopback virtual camera.</summary>
    VirtualCamera,
}
