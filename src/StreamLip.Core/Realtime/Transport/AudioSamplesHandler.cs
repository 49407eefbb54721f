namespace StreamLip.Realtime.Transport;

/// <summary>
/// Receives microphone audio from a transport (the WebRTC peer: the browser's microphone, decoded, called on a GStreamer
/// streaming thread). The handler should return quickly (it holds up the next packet); do not dispose the source from it.
/// </summary>
/// <param name="samples16kMono">16 kHz mono samples, nominally in [−1, 1], typically one 20 ms packet (320 samples);
/// valid during the call only (copy what you keep).</param>
public delegate void AudioSamplesHandler(ReadOnlySpan<float> samples16kMono);
