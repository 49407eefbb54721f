namespace StreamLip.Media.WebRtc;

/// <summary>
/// Receives the browser's microphone, decoded: 16 kHz mono float samples in [-1, 1]. Called on a GStreamer
/// streaming thread; <paramref name="samples16kMono"/> is valid only during the call (copy what you keep), and the
/// handler should return quickly (it holds up the next packet). Do not dispose the peer from it.
/// </summary>
/// <param name="samples16kMono">The samples of one decoded packet (typically 20 ms = 320 samples).</param>
public delegate void MicrophoneAudioHandler(ReadOnlySpan<float> samples16kMono);
