namespace StreamLip.Media.Native;

/// <summary>The <c>GstFlowReturn</c> values the binding looks at (the rest are errors too).</summary>
internal enum GstFlowReturn
{
    Ok = 0,
    NotLinked = -1,
    Flushing = -2,
    Eos = -3,
    NotNegotiated = -4,
    Error = -5,
}
