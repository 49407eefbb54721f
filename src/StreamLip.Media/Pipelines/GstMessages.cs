using StreamLip.Media.Native;

namespace StreamLip.Media.Pipelines;

/// <summary>Reads bus messages (borrowed <c>GstMessage*</c>, never unreffed here) into managed values.</summary>
internal static class GstMessages
{
    /// <summary>Turns an ERROR message into an exception carrying GStreamer's GError and debug string.</summary>
    public static GStreamerPipelineException ToException(nint message)
    {
        Gst.gst_message_parse_error(message, out nint error, out nint debug);
        return Build(message, error, debug, "error");
    }

    /// <summary>Reads a WARNING message the same way (for diagnostics and classification).</summary>
    public static GStreamerPipelineException WarningToException(nint message)
    {
        Gst.gst_message_parse_warning(message, out nint error, out nint debug);
        return Build(message, error, debug, "warning");
    }

    /// <summary>The posting element's path, e.g. <c>/GstPipeline:pipeline0/GstFileSrc:src</c>.</summary>
    public static string? SourcePath(nint message)
    {
        nint source = GstLayout.GetMessageSource(message);
        return source == 0 ? null : GLib.TakeString(Gst.gst_object_get_path_string(source));
    }

    private static GStreamerPipelineException Build(nint message, nint error, nint debug, string kind)
    {
        string? debugText = GLib.TakeString(debug);
        (string domain, int code, string text) = error == 0 ? ("", 0, $"unspecified {kind}") : GError.Take(error);
        string? source = SourcePath(message);
        string full = $"GStreamer {kind} from {source ?? "the pipeline"}: {text}" + (debugText is null ? "" : $" ({debugText})");
        return new GStreamerPipelineException(full, domain, code, text, debugText, source);
    }
}
