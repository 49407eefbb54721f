namespace StreamLip.Server.Outputs;

/// <summary>Answer of <c>POST /api/sessions/{id}/virtual-camera</c>.</summary>
/// <param name="OutputId">The camera output's id.</param>
/// <param name="Device">The device written to.</param>
public sealed record VirtualCameraResponse(string OutputId, string Device);
