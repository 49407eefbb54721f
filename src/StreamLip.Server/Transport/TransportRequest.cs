namespace StreamLip.Server.Transport;

/// <summary>What a new session's transport must carry.</summary>
/// <param name="Width">Video width, pixels (the avatar's).</param>
/// <param name="Height">Video height, pixels.</param>
/// <param name="Fps">Video frame rate.</param>
public sealed record TransportRequest(int Width, int Height, int Fps);
