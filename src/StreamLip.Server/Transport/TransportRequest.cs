namespace StreamLip.Server.Transport;

/// <summary>What a new session's transport must carry.</summary>
/// <param name="Width">Video width, pixels (the avatar's).</param>
/// <param name="Height">Video height, pixels.</param>
/// <param name="Fps">Video frame rate.</param>
/// <param name="ReceiveMicrophone">True for a session's own peer (its microphone drives the mouth); false for a viewer
/// that only watches.</param>
/// <param name="OfferSdp">The offer the transport will answer (already checked for size and shape), so that what
/// depends on it (the video codec under <c>VideoCodec=Auto</c>) is chosen before the transport is built; null: none yet.</param>
public sealed record TransportRequest(int Width, int Height, int Fps, bool ReceiveMicrophone = true, string? OfferSdp = null);
