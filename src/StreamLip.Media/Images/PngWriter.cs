using System.Globalization;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;

namespace StreamLip.Media.Images;

/// <summary>Saves a BGRx frame as PNG (<c>appsrc ! videoconvert ! pngenc ! filesink</c>), e.g. to look at a frame.</summary>
public static class PngWriter
{
    /// <summary>
    /// <paramref name="bgrx"/> (<paramref name="width"/> × <paramref name="height"/> × 4 bytes, rows packed) as the
    /// bytes of an 8-bit RGB PNG, e.g. for an HTTP response. Encoded through a file in the temp directory, removed after.
    /// </summary>
    /// <exception cref="IOException">The PNG could not be made.</exception>
    public static byte[] EncodeBgrx(ReadOnlySpan<byte> bgrx, int width, int height, CancellationToken cancellationToken = default)
    {
        string path = Path.Combine(Path.GetTempPath(), $"streamlip-{Guid.NewGuid():N}.png");
        try
        {
            WriteBgrx(path, bgrx, width, height, cancellationToken);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Writes <paramref name="bgrx"/> (<paramref name="width"/> × <paramref name="height"/> × 4 bytes, rows packed)
    /// to <paramref name="path"/> as an 8-bit RGB PNG, replacing a file there only once the PNG is whole.
    /// </summary>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static unsafe void WriteBgrx(string path, ReadOnlySpan<byte> bgrx, int width, int height, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (bgrx.Length != width * height * 4)
        {
            throw new ArgumentException($"A {width}×{height} BGRx image is {width * height * 4} bytes; got {bgrx.Length}.", nameof(bgrx));
        }

        GStreamerRuntime.RequireElements("appsrc", "videoconvert", "pngenc", "filesink");
        string partial = path + ".partial";
        string launch = string.Create(
            CultureInfo.InvariantCulture,
            $"appsrc name=src format=time caps=\"video/x-raw,format=BGRx,width={width},height={height},framerate=0/1,pixel-aspect-ratio=1/1\" ! videoconvert ! video/x-raw,format=RGB ! pngenc ! filesink name=out");
        try
        {
            using (var pipeline = GstPipeline.Parse(launch))
            {
                GObjectProperty.Set(pipeline.GetElement("out"), "location", partial);
                GstObjectHandle src = pipeline.GetElement("src");
                pipeline.Play();
                nint buffer = Gst.gst_buffer_new_allocate(0, (nuint)bgrx.Length, 0);
                fixed (byte* pixels = bgrx)
                {
                    Gst.gst_buffer_fill(buffer, 0, pixels, (nuint)bgrx.Length);
                }

                GstLayout.SetTimestamps(buffer, 0, GstLayout.ClockTimeNone);
                GstApp.gst_app_src_push_buffer(src, buffer);
                GstApp.gst_app_src_end_of_stream(src);
                pipeline.WaitForEnd(TimeSpan.FromMinutes(1), cancellationToken);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch (GStreamerPipelineException e)
        {
            throw new IOException($"Cannot write the PNG '{path}': {e.ErrorMessage ?? e.Message}", e);
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
    }
}
