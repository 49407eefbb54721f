using StreamLip.Server.Hosting;

namespace StreamLip.Server.Observability;

/// <summary>Ready = the model is loaded, GStreamer is usable, a session can still start (below MaxSessions and, with
/// admission by headroom, within the measured headroom), and the server is not stopping.</summary>
internal sealed class ReadinessCheck(EngineHost engine, GStreamerProbe gstreamer, IHostApplicationLifetime lifetime, ILogger<ReadinessCheck> logger)
{
    public ReadinessResponse Check()
    {
        var reasons = new List<string>();
        string? model = null;
        int sessions = 0;
        int capacity = 0;
        if (engine.IsLoaded)
        {
            model = Path.GetFileName(engine.ModelPath);
            sessions = engine.Engine.ActiveSessions;
            capacity = engine.Engine.AdmissibleSessions;
            if (sessions >= engine.Engine.Options.MaxSessions)
            {
                reasons.Add($"no capacity left ({sessions} of {engine.Engine.Options.MaxSessions} sessions run; StreamLip:MaxSessions)");
            }
            else if (capacity == 0)
            {
                reasons.Add($"no headroom for another session ({sessions} sessions run; StreamLip:Capacity, figures in /api/stats capacity)");
            }
        }
        else
        {
            reasons.Add("the model is not loaded");
        }

        string? version = gstreamer.Check(out string? gstReason);
        if (gstReason is not null)
        {
            reasons.Add(gstReason);
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            reasons.Add("the server is shutting down");
        }

        string? reason = reasons.Count == 0 ? null : string.Join("; ", reasons);
        if (reason is not null && gstReason is not null)
        {
            logger.NotReady(reason); // capacity and shutdown are normal states; a broken GStreamer is worth a line
        }

        return new ReadinessResponse(reason is null ? "ready" : "not-ready", model, version, sessions, capacity, reason);
    }
}
