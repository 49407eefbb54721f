namespace StreamLip.Media.Native;

/// <summary>The <c>GstMessageType</c> flags the binding filters on (values checked against gstmessage.h).</summary>
[Flags]
internal enum GstMessageType : uint
{
    None = 0,
    Eos = 1 << 0,
    Error = 1 << 1,
    Warning = 1 << 2,
    StateChanged = 1 << 6,
    Application = 1 << 14,
    Element = 1 << 15,
    AsyncDone = 1 << 21,
    Any = 0xFFFF_FFFF,
}
