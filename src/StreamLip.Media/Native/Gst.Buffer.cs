using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>Buffers, samples, caps and segments.</summary>
internal static unsafe partial class Gst
{
    /// <summary>Returns a new buffer of <paramref name="size"/> bytes in system memory (caller owns it).</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_buffer_new_allocate(nint allocator, nuint size, nint parameters);

    /// <summary>Copies <paramref name="size"/> bytes into the buffer at <paramref name="offset"/>; returns bytes copied.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nuint gst_buffer_fill(nint buffer, nuint offset, void* source, nuint size);

    /// <summary>Copies up to <paramref name="size"/> bytes out of the buffer; returns bytes copied.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nuint gst_buffer_extract(nint buffer, nuint offset, void* destination, nuint size);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial nuint gst_buffer_get_size(nint buffer);

    /// <summary>Returns the sample's buffer (owned by the sample) or 0.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_sample_get_buffer(nint sample);

    /// <summary>Returns the sample's caps (owned by the sample) or 0.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_sample_get_caps(nint sample);

    /// <summary>Returns the sample's <c>GstSegment*</c> (owned by the sample).</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_sample_get_segment(nint sample);

    /// <summary>Returns the caps' structure at <paramref name="index"/> (owned by the caps).</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_caps_get_structure(nint caps, uint index);

    /// <summary><paramref name="format"/> is <c>GST_FORMAT_TIME</c> (3) here; returns <c>GST_CLOCK_TIME_NONE</c> outside the segment.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial ulong gst_segment_to_stream_time(nint segment, int format, ulong position);

    /// <summary>Asks the pipeline (its demuxer or parser) how long the stream is; returns 0 when nobody knows.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial int gst_element_query_duration(GstObjectHandle element, int format, out long duration);

    /// <summary><c>GST_FORMAT_TIME</c>.</summary>
    public const int FormatTime = 3;
}
