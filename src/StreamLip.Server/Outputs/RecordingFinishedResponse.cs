namespace StreamLip.Server.Outputs;

/// <summary>Answer of <c>DELETE /api/sessions/{id}/recording</c>.</summary>
/// <param name="File">The file name (GET /api/recordings/{file}).</param>
/// <param name="DurationSeconds">Recorded time.</param>
/// <param name="Frames">Video frames in the file.</param>
public sealed record RecordingFinishedResponse(string File, double DurationSeconds, long Frames);
