using StreamLip.Media;

namespace StreamLip.Server.Observability;

/// <summary>
/// Whether GStreamer is initialised and has webrtcbin (what every WebRTC session needs), for <c>/readyz</c>. Once it
/// has answered yes it stays yes (initialisation is once per process); a failure is asked again next time.
/// </summary>
internal sealed class GStreamerProbe
{
    private string? _version;

    /// <summary>GStreamer's version when ready, else null with <paramref name="reason"/> saying why.</summary>
    public string? Check(out string? reason)
    {
        reason = null;
        if (Volatile.Read(ref _version) is { } known)
        {
            return known;
        }

        try
        {
            string version = GStreamerRuntime.Version;
            if (!GStreamerRuntime.HasElement("webrtcbin"))
            {
                reason = $"GStreamer has no webrtcbin (install {GStreamerRuntime.DebianPackageFor("webrtcbin") ?? "gstreamer1.0-plugins-bad"})";
                return null;
            }

            Volatile.Write(ref _version, version);
            return version;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            reason = "GStreamer is not available: " + e.Message;
            return null;
        }
    }
}
