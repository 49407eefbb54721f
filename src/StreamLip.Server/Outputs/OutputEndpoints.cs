using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;
using StreamLip.Server.Outputs;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Outputs;

/// <summary>
/// Outputs of a running session: livestream pushes (<c>POST/DELETE /api/sessions/{id}/stream</c>), the recording
/// (<c>POST/DELETE /api/sessions/{id}/recording</c>, <c>GET /api/recordings/{name}</c>), the virtual camera
/// (<c>POST/DELETE /api/sessions/{id}/virtual-camera</c>) and <c>GET /api/sessions/{id}/outputs</c>.
/// Errors are problem+json with the reason.
/// </summary>
internal static partial class OutputEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/sessions/{id}");
        session.MapGet("/outputs", (string id, OutputManager outputs) => Run(() => Results.Ok(outputs.List(id).Select(ToResponse))));
        session.MapPost("/stream", StartStreamAsync);
        session.MapDelete("/stream/{outputId}", async (string id, string outputId, OutputManager outputs) =>
            await RunAsync(async () => await outputs.StopStreamAsync(id, outputId).ConfigureAwait(false)
                ? Results.NoContent()
                : SignallingErrors.Problem(StatusCodes.Status404NotFound, "Unknown stream", $"Session '{id}' has no stream '{outputId}'.")).ConfigureAwait(false));
        session.MapPost("/recording", (string id, OutputManager outputs) => Run(() =>
        {
            OutputEntry entry = outputs.StartRecording(id);
            return Results.Created($"/api/recordings/{entry.Target}", new RecordingStartedResponse(entry.Id, entry.Target));
        }));
        session.MapDelete("/recording", async (string id, OutputManager outputs) =>
            await RunAsync(async () => await outputs.StopRecordingAsync(id).ConfigureAwait(false) is { } r
                ? Results.Ok(new RecordingFinishedResponse(Path.GetFileName(r.Path), r.Duration.TotalSeconds, r.Frames))
                : SignallingErrors.Problem(StatusCodes.Status404NotFound, "Not recording", $"Session '{id}' is not recording.")).ConfigureAwait(false));
        session.MapPost("/virtual-camera", StartCameraAsync);
        session.MapDelete("/virtual-camera", (string id, OutputManager outputs) => Run(() => outputs.StopVirtualCamera(id)
            ? Results.NoContent()
            : SignallingErrors.Problem(StatusCodes.Status404NotFound, "No virtual camera", $"Session '{id}' has no virtual camera.")));
        app.MapGet("/api/recordings/{name}", Download);
    }

    private static async Task<IResult> StartStreamAsync(string id, HttpContext http, OutputManager outputs, IOptions<ServerOptions> options)
    {
        var (request, error) = await JsonBody.ReadAsync<StreamRequest>(http, options.Value.MaxRequestBodyBytes).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        return await RunAsync(async () =>
        {
            OutputEntry entry = await outputs.StartStreamAsync(id, request!.Url, request.VideoBitrateKbps, request.AudioBitrateKbps, request.KeyframeIntervalSeconds, http.RequestAborted).ConfigureAwait(false);
            return Results.Created($"/api/sessions/{id}/stream/{entry.Id}", new StreamStartedResponse(entry.Id, entry.Target));
        }).ConfigureAwait(false);
    }

    private static async Task<IResult> StartCameraAsync(string id, HttpContext http, OutputManager outputs, IOptions<ServerOptions> options)
    {
        // The body is optional: none picks the first free loopback device.
        string? device = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (request, error) = await JsonBody.ReadAsync<VirtualCameraRequest>(http, options.Value.MaxRequestBodyBytes).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            device = request!.Device;
        }

        return Run(() =>
        {
            OutputEntry entry = outputs.StartVirtualCamera(id, device);
            return Results.Created($"/api/sessions/{id}/virtual-camera", new VirtualCameraResponse(entry.Id, entry.Target));
        });
    }

    private static IResult Download(string name, OutputManager outputs)
    {
        // A bare file name of ours: no folders, no "..", nothing a path could be built from.
        if (!RecordingName().IsMatch(name) || name.Contains("..", StringComparison.Ordinal))
        {
            return SignallingErrors.Problem(StatusCodes.Status400BadRequest, "Bad recording name", "A recording name is a file name such as <session>-<time>.mp4 (letters, digits, '-', '_', '.'; no folders).");
        }

        string path = Path.Combine(outputs.RecordingsDirectory, name);
        return File.Exists(path)
            ? Results.File(path, "video/mp4", name, enableRangeProcessing: true)
            : SignallingErrors.Problem(StatusCodes.Status404NotFound, "Unknown recording", $"No recording '{name}' (it may still be running: stop it first).");
    }

    private static OutputResponse ToResponse(OutputEntry e) => new(e.Id, e.Kind switch
    {
        OutputKind.Stream => "stream",
        OutputKind.Recording => "recording",
        _ => "virtualCamera",
    }, e.Target, e.StartedAt);

    private static IResult Run(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (OutputException e)
        {
            return SignallingErrors.Problem(e.StatusCode, e.Title, e.Message);
        }
    }

    private static async Task<IResult> RunAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (OutputException e)
        {
            return SignallingErrors.Problem(e.StatusCode, e.Title, e.Message);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}\\.mp4$")]
    private static partial Regex RecordingName();
}
