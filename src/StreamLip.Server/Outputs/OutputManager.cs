using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using StreamLip.Media;
using StreamLip.Media.Outputs;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;

namespace StreamLip.Server.Outputs;

/// <summary>
/// Adds livestream pushes, a recording and a virtual camera to running sessions (<see cref="RealtimeSession.AddOutput"/>)
/// and takes them off again; keeps which outputs each session has until it stops. A failed output is logged and
/// forgotten (the session removes and disposes it). Client mistakes throw <see cref="OutputException"/> with the status.
/// </summary>
/// <remarks>Recordings are made with <see cref="RecordingOptions.CompleteOnDispose"/>: a session that ends while
/// recording keeps the file.</remarks>
internal sealed class OutputManager(EngineHost engine, IOptions<ServerOptions> options, TimeProvider time, ILogger<OutputManager> logger)
{
    private readonly ConcurrentDictionary<string, SessionOutputs> _sessions = new(StringComparer.Ordinal);

    private OutputOptions Settings => options.Value.Outputs;

    /// <summary>The recordings folder (absolute).</summary>
    public string RecordingsDirectory => Settings.RecordingsDirectory!;

    /// <summary>The outputs of session <paramref name="sessionId"/>.</summary>
    public IReadOnlyList<OutputEntry> List(string sessionId)
    {
        Find(sessionId);
        return _sessions.TryGetValue(sessionId, out SessionOutputs? s) ? s.Snapshot() : [];
    }

    /// <summary>The start check of an SRT push: libsrt's 3 s connect timeout and the time to report it.</summary>
    internal const int SrtStartCheckMilliseconds = 4000;

    /// <summary>
    /// Starts a push; waits up to <see cref="OutputOptions.StartCheckMilliseconds"/> (SRT: at least
    /// <see cref="SrtStartCheckMilliseconds"/>) for an early failure.
    /// </summary>
    public async Task<OutputEntry> StartStreamAsync(string sessionId, string? url, int? videoKbps, int? audioKbps, double? keyframeSeconds, CancellationToken cancellationToken)
    {
        RealtimeSession session = Find(sessionId);
        var encoding = OutputOptionsSetup.Encoding(Settings, session.Avatar.Width, session.Avatar.Height);
        encoding.VideoBitrateKbps = videoKbps ?? encoding.VideoBitrateKbps;
        encoding.AudioBitrateKbps = audioKbps ?? encoding.AudioBitrateKbps;
        encoding.KeyframeIntervalSeconds = keyframeSeconds ?? encoding.KeyframeIntervalSeconds;
        var streamOptions = new LiveStreamOptions { Url = url ?? "", Encoding = encoding, ConnectTimeoutSeconds = Settings.ConnectTimeoutSeconds };
        try
        {
            streamOptions.Validate();
        }
        catch (ArgumentException e)
        {
            throw new OutputException(StatusCodes.Status400BadRequest, "Bad stream request", e.Message);
        }

        LiveStreamOutput stream = Create(() => new LiveStreamOutput(streamOptions));
        var early = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<Exception> onFailed = e => early.TrySetResult(e);
        stream.Failed += onFailed;
        OutputEntry entry = Add(session, OutputKind.Stream, stream.Url, stream);
        if (Settings.StartCheckMilliseconds > 0)
        {
            // SRT tells an unreachable listener only when libsrt's connect timeout (3 s) runs out.
            int check = stream.Protocol == LiveStreamProtocol.Srt ? Math.Max(Settings.StartCheckMilliseconds, SrtStartCheckMilliseconds) : Settings.StartCheckMilliseconds;
            await Task.WhenAny(early.Task, Task.Delay(TimeSpan.FromMilliseconds(check), time, cancellationToken)).ConfigureAwait(false);
        }

        stream.Failed -= onFailed;
        if (early.Task.IsCompleted)
        {
            // The session has removed and disposes it (OutputFailed); tell the client why now.
            throw new OutputException(StatusCodes.Status502BadGateway, "Stream failed", early.Task.Result.Message);
        }

        return entry;
    }

    /// <summary>Ends a push cleanly; false when the session has no such push.</summary>
    public async Task<bool> StopStreamAsync(string sessionId, string outputId)
    {
        RealtimeSession session = Find(sessionId);
        if (Take(session, outputId, OutputKind.Stream) is not { Sink: LiveStreamOutput stream })
        {
            return false;
        }

        await Task.Run(() =>
        {
            try
            {
                stream.Stop(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is LiveStreamException or TimeoutException)
            {
                // The client asked to stop: a stream that broke while ending is stopped all the same.
            }
        }).ConfigureAwait(false);
        return true;
    }

    /// <summary>Starts the session's recording (one at a time) into the recordings folder.</summary>
    public OutputEntry StartRecording(string sessionId)
    {
        RealtimeSession session = Find(sessionId);
        if (ByKind(sessionId, OutputKind.Recording) is not null)
        {
            throw new OutputException(StatusCodes.Status409Conflict, "Already recording", $"Session '{sessionId}' is recording already; stop it first (DELETE …/recording).");
        }

        Directory.CreateDirectory(RecordingsDirectory);
        string name = string.Create(CultureInfo.InvariantCulture, $"{sessionId}-{time.GetUtcNow():yyyyMMdd-HHmmss}.mp4");
        var recordingOptions = new RecordingOptions
        {
            Path = Path.Combine(RecordingsDirectory, name),
            Encoding = OutputOptionsSetup.Encoding(Settings, session.Avatar.Width, session.Avatar.Height),
            CompleteOnDispose = true,
        };
        RecordingOutput recording = Create(() => new RecordingOutput(recordingOptions));
        return Add(session, OutputKind.Recording, name, recording);
    }

    /// <summary>Stops the session's recording and completes the file; null when it is not recording.</summary>
    public async Task<RecordingResult?> StopRecordingAsync(string sessionId)
    {
        RealtimeSession session = Find(sessionId);
        if (ByKind(sessionId, OutputKind.Recording) is not { } entry || Take(session, entry.Id, OutputKind.Recording) is not { Sink: RecordingOutput recording })
        {
            return null;
        }

        try
        {
            RecordingResult result = await Task.Run(recording.Complete).ConfigureAwait(false);
            logger.RecordingFinished(sessionId, Path.GetFileName(result.Path), result.Duration.TotalSeconds);
            return result;
        }
        catch (Exception e) when (e is InvalidOperationException or RecordingException or TimeoutException)
        {
            throw new OutputException(StatusCodes.Status500InternalServerError, "Recording failed", e.Message);
        }
        finally
        {
            recording.Dispose();
        }
    }

    /// <summary>Shows the session on a v4l2loopback device (one per session).</summary>
    public OutputEntry StartVirtualCamera(string sessionId, string? device)
    {
        RealtimeSession session = Find(sessionId);
        if (ByKind(sessionId, OutputKind.VirtualCamera) is not null)
        {
            throw new OutputException(StatusCodes.Status409Conflict, "Camera on already", $"Session '{sessionId}' has a virtual camera already.");
        }

        var cameraOptions = new VirtualCameraOptions { Device = device, Width = session.Avatar.Width, Height = session.Avatar.Height };
        VirtualCameraOutput camera = Create(() => new VirtualCameraOutput(cameraOptions));
        return Add(session, OutputKind.VirtualCamera, camera.Device, camera);
    }

    /// <summary>Turns the session's virtual camera off; false when it has none.</summary>
    public bool StopVirtualCamera(string sessionId)
    {
        RealtimeSession session = Find(sessionId);
        if (ByKind(sessionId, OutputKind.VirtualCamera) is not { } entry || Take(session, entry.Id, OutputKind.VirtualCamera) is not { } taken)
        {
            return false;
        }

        taken.Sink.Dispose();
        return true;
    }

    private static T Create<T>(Func<T> make)
    {
        try
        {
            return make();
        }
        catch (VirtualCameraUnavailableException e)
        {
            throw new OutputException(StatusCodes.Status503ServiceUnavailable, "No virtual camera", e.Message);
        }
        catch (GStreamerUnavailableException e)
        {
            throw new OutputException(StatusCodes.Status503ServiceUnavailable, "Media elements missing", e.Message);
        }
        catch (LiveStreamException e)
        {
            throw new OutputException(StatusCodes.Status502BadGateway, "Stream failed", e.Message);
        }
        catch (RecordingException e)
        {
            throw new OutputException(StatusCodes.Status500InternalServerError, "Recording failed", e.Message);
        }
        catch (ArgumentException e)
        {
            throw new OutputException(StatusCodes.Status400BadRequest, "Bad output request", e.Message);
        }
    }

    private RealtimeSession Find(string sessionId) =>
        engine.Engine.Find(sessionId) is { IsStopped: false } session
            ? session
            : throw new OutputException(StatusCodes.Status404NotFound, "Unknown session", $"No session '{sessionId}' runs here (it may have ended).");

    private OutputEntry? ByKind(string sessionId, OutputKind kind) =>
        _sessions.TryGetValue(sessionId, out SessionOutputs? s) ? s.Snapshot().FirstOrDefault(e => e.Kind == kind) : null;

    private OutputEntry Add(RealtimeSession session, OutputKind kind, string target, IMediaSink sink)
    {
        SessionOutputs outputs = _sessions.GetOrAdd(session.Id, _ => new SessionOutputs());
        var entry = new OutputEntry(Guid.NewGuid().ToString("N")[..12], kind, target, time.GetUtcNow(), sink);
        if (!outputs.TryAdd(entry, Settings.MaxOutputsPerSession))
        {
            sink.Dispose();
            throw new OutputException(StatusCodes.Status429TooManyRequests, "Too many outputs", $"Session '{session.Id}' has {Settings.MaxOutputsPerSession} outputs already (StreamLip:Outputs:MaxOutputsPerSession).");
        }

        if (outputs.Hook())
        {
            session.OutputFailed += OnOutputFailed;
            _ = session.Completion.ContinueWith(_ => _sessions.TryRemove(session.Id, out SessionOutputs? _), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        try
        {
            session.AddOutput(sink);
        }
        catch (ObjectDisposedException)
        {
            outputs.Remove(entry.Id);
            sink.Dispose();
            throw new OutputException(StatusCodes.Status404NotFound, "Unknown session", $"Session '{session.Id}' has ended.");
        }

        logger.OutputStarted(session.Id, kind, entry.Id, target);
        return entry;
    }

    private OutputEntry? Take(RealtimeSession session, string outputId, OutputKind kind)
    {
        if (!_sessions.TryGetValue(session.Id, out SessionOutputs? outputs) || outputs.Find(outputId) is not { } entry || entry.Kind != kind)
        {
            return null;
        }

        outputs.Remove(outputId);
        if (!session.RemoveOutput(entry.Sink))
        {
            return null; // failed meanwhile: the session disposes it
        }

        logger.OutputStopped(session.Id, kind, outputId);
        return entry;
    }

    private void OnOutputFailed(RealtimeSession session, IMediaSink sink, Exception error)
    {
        if (_sessions.TryGetValue(session.Id, out SessionOutputs? outputs) && outputs.RemoveSink(sink) is { } entry)
        {
            logger.OutputFailed(session.Id, entry.Kind, entry.Id, entry.Target, error);
        }
    }
}
