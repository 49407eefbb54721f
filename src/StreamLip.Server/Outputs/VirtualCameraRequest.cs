namespace StreamLip.Server.Outputs;

/// <summary>Optional body of <c>POST /api/sessions/{id}/virtual-camera</c>.</summary>
/// <param name="Device">e.g. /dev/video10; null takes the first v4l2loopback device.</param>
public sealed record VirtualCameraRequest(string? Device);
