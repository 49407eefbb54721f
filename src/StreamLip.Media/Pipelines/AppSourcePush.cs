using StreamLip.Media.Native;

namespace StreamLip.Media.Pipelines;

/// <summary>Copies bytes into a new GstBuffer with timestamps and hands it to an appsrc (live pushes: peers, outputs).</summary>
internal static class AppSourcePush
{
    /// <summary>Pushes a copy of <paramref name="data"/>; the appsrc takes the buffer whatever it returns (FLUSHING — not
    /// started, failed or stopping — just drops it; the pipeline's watcher reports why).</summary>
    /// <exception cref="OutOfMemoryException">GStreamer could not allocate the buffer.</exception>
    public static unsafe void Push(GstObjectHandle appsrc, ReadOnlySpan<byte> data, ulong ptsNs, ulong durationNs)
    {
        nint buffer = Gst.gst_buffer_new_allocate(0, (nuint)data.Length, 0);
        if (buffer == 0)
        {
            throw new OutOfMemoryException($"GStreamer could not allocate a {data.Length}-byte buffer.");
        }

        fixed (byte* source = data)
        {
            Gst.gst_buffer_fill(buffer, 0, source, (nuint)data.Length);
        }

        GstLayout.SetTimestamps(buffer, ptsNs, durationNs);
        GstApp.gst_app_src_push_buffer(appsrc, buffer);
    }
}
