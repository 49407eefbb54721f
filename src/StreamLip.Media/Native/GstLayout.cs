namespace StreamLip.Media.Native;

/// <summary>
/// Field offsets of GStreamer structs that C reaches through macros only (GST_BUFFER_PTS, GST_MESSAGE_TYPE).
/// x86-64 / aarch64 LP64 values for GStreamer 1.x, checked with <c>offsetof</c> against the 1.22 headers
/// (GstMiniObject is 64 bytes; GstBuffer: pool 64, pts 72, dts 80, duration 88; GstMessage: type 64,
/// timestamp 72, src 80). The buffer round trip in the tests checks them again at run time.
/// </summary>
internal static unsafe class GstLayout
{
    public const int BufferPts = 72;
    public const int BufferDts = 80;
    public const int BufferDuration = 88;
    public const int MessageType = 64;
    public const int MessageSource = 80;

    /// <summary><c>GST_CLOCK_TIME_NONE</c>.</summary>
    public const ulong ClockTimeNone = ulong.MaxValue;

    /// <summary>Nanoseconds per second (<c>GST_SECOND</c>).</summary>
    public const ulong Second = 1_000_000_000;

    public static ulong GetPts(nint buffer) => *(ulong*)(buffer + BufferPts);

    public static ulong GetDuration(nint buffer) => *(ulong*)(buffer + BufferDuration);

    /// <summary>Only on a buffer the caller holds the only reference to (writable).</summary>
    public static void SetTimestamps(nint buffer, ulong pts, ulong duration)
    {
        *(ulong*)(buffer + BufferPts) = pts;
        *(ulong*)(buffer + BufferDts) = ClockTimeNone;
        *(ulong*)(buffer + BufferDuration) = duration;
    }

    public static GstMessageType GetMessageType(nint message) => *(GstMessageType*)(message + MessageType);

    /// <summary>The <c>GstObject*</c> that posted the message (not a new reference); may be 0.</summary>
    public static nint GetMessageSource(nint message) => *(nint*)(message + MessageSource);
}
