namespace StreamLip.Realtime.Transport;

/// <summary>How a transport sends its video (for stats and logs).</summary>
/// <param name="Codec">The codec on the wire, e.g. <c>VP8</c> or <c>H264</c>.</param>
/// <param name="Encoder">What encodes it, e.g. the GStreamer element <c>vp8enc</c>, <c>x264enc</c> or <c>nvh264enc</c>.</param>
public sealed record VideoEncoding(string Codec, string Encoder);
