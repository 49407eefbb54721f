namespace StreamLip.Realtime;

/// <summary>Receives microphone audio from a transport.</summary>
/// <param name="samples16kMono">16 kHz mono samples, nominally in [−1, 1]; valid during the call only (copy what you keep).</param>
public delegate void AudioSamplesHandler(ReadOnlySpan<float> samples16kMono);
