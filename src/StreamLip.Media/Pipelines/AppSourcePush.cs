using StreamLip.Media.Native;
using StreamLip.Media.Video;

namespace StreamLip.Media.Pipelines;

/// <summary>Fills a new GstBuffer, stamps it and hands it to an appsrc (live pushes: peers, outputs).</summary>
internal static class AppSourcePush
{
    /// <summary>Pushes a copy of <paramref name="data"/>; the appsrc takes the buffer whatever it returns (FLUSHING — not
    /// started, failed or stopping — just drops it; the pipeline's watcher reports why).</summary>
    /// <exception cref="OutOfMemoryException">GStreamer could not allocate the buffer.</exception>
    public static unsafe void Push(GstObjectHandle appsrc, ReadOnlySpan<byte> data, ulong ptsNs, ulong durationNs)
    {
        nint buffer = Allocate(data.Length);
        fixed (byte* source = data)
        {
            Gst.gst_buffer_fill(buffer, 0, source, (nuint)data.Length);
        }

        GstLayout.SetTimestamps(buffer, ptsNs, durationNs);
        GstApp.gst_app_src_push_buffer(appsrc, buffer);
    }

    /// <summary>Pushes <paramref name="bgrx"/> converted to I420 (<see cref="NewI420Buffer"/>); the appsrc takes the
    /// buffer as in <see cref="Push"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="bgrx"/> is not one frame of the converter's size.</exception>
    /// <exception cref="OutOfMemoryException">GStreamer could not allocate or map the buffer.</exception>
    public static void PushI420(GstObjectHandle appsrc, I420Converter converter, ReadOnlySpan<byte> bgrx, ulong ptsNs, ulong durationNs) =>
        GstApp.gst_app_src_push_buffer(appsrc, NewI420Buffer(converter, bgrx, ptsNs, durationNs));

    /// <summary>
    /// A new buffer holding <paramref name="bgrx"/> as I420, converted straight into the buffer's mapped memory (no
    /// managed copy in between), stamped with the times. The caller owns the buffer (a push takes it over).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="bgrx"/> is not one frame of the converter's size (the buffer is
    /// released again; callers check the size first, with their own message).</exception>
    /// <exception cref="OutOfMemoryException">GStreamer could not allocate or map the buffer.</exception>
    public static unsafe nint NewI420Buffer(I420Converter converter, ReadOnlySpan<byte> bgrx, ulong ptsNs, ulong durationNs)
    {
        int size = converter.Layout.Size;
        nint buffer = Allocate(size);
        GstMapInfo map;
        if (Gst.gst_buffer_map(buffer, &map, Gst.MapWrite) == 0)
        {
            Gst.gst_mini_object_unref(buffer);
            throw new OutOfMemoryException($"GStreamer could not map a {size}-byte buffer for writing.");
        }

        try
        {
            converter.Convert(bgrx, new Span<byte>(map.Data, size));
        }
        catch
        {
            Gst.gst_buffer_unmap(buffer, &map);
            Gst.gst_mini_object_unref(buffer);
            throw;
        }

        Gst.gst_buffer_unmap(buffer, &map);

        GstLayout.SetTimestamps(buffer, ptsNs, durationNs);
        return buffer;
    }

    private static nint Allocate(int size)
    {
        nint buffer = Gst.gst_buffer_new_allocate(0, (nuint)size, 0);
        return buffer != 0 ? buffer : throw new OutOfMemoryException($"GStreamer could not allocate a {size}-byte buffer.");
    }
}
