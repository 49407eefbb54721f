namespace StreamLip.Media.Outputs;

/// <summary>How a <see cref="LiveStreamOutput"/> reaches its server.</summary>
public enum LiveStreamProtocol
{
    /// <summary><c>rtmp://host[:port]/app/streamkey</c>: FLV over RTMP (rtmp2sink).</summary>
    Rtmp,

    /// <summary><c>rtmps://host[:port]/app/streamkey</c>: FLV over RTMP in TLS (rtmp2sink, GIO's TLS from glib-networking).</summary>
    Rtmps,

    /// <summary><c>srt://host:port[?streamid=…&amp;passphrase=…]</c>: MPEG-TS over SRT as caller (srtsink).</summary>
    Srt,
}
