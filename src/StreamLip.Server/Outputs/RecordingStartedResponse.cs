namespace StreamLip.Server.Outputs;

/// <summary>Answer of <c>POST /api/sessions/{id}/recording</c>.</summary>
/// <param name="RecordingId">The recording's output id.</param>
/// <param name="File">The file name it will have (GET /api/recordings/{file} once stopped).</param>
public sealed record RecordingStartedResponse(string RecordingId, string File);
