namespace StreamLip.Server.Transport;

/// <summary>What a new session's transport must carry.</summary>
/// <param name="Width">Video width, pixels (the avatar's).</param>
/// <param name="Height">Video height, pixels.</param>
/// <param name="Fps">Video frame rate.</param>
/// <param name="ReceiveMicrophone">True for a session's own peer (its microphone drives the mouth); false for a viewer
/// that only watches.</param>
public sealed record TransportRequest(int Width, int Height, int Fps, bool ReceiveMicrophone = true);
