using System.Globalization;
using System.Runtime.InteropServices;
using StreamLip.Media.Native;

namespace StreamLip.Media.Pipelines;

/// <summary>
/// Budgets checked from stream headers before anything is decoded. Connected to decodebin's <c>autoplug-continue</c>,
/// which decodebin asks for each new stream's caps before it plugs the next element: parsers and demuxers state the
/// frame size (pngparse, jpeg typefinding, qtdemux, matroskademux, h264parse...) and the sample rate and channels
/// before a decoder has allocated anything. A refused stream is left undecoded; the pipeline then fails to link it,
/// and the caller throws <see cref="Refusal"/> instead of GStreamer's error.
/// </summary>
internal sealed unsafe class DecodeGuard : IDisposable
{
    /// <summary>Lowest sample rate accepted from any audio file (speech needs 4 kHz for its lower formants).</summary>
    public const int MinSampleRate = 4000;

    /// <summary>Highest sample rate accepted (what professional audio uses; more is a corrupt or hostile header).</summary>
    public const int MaxSampleRate = 384_000;

    /// <summary>Most channels accepted (7.1 and Ambisonics fit; more is a corrupt or hostile header).</summary>
    public const int MaxChannels = 32;

    private readonly string _path;
    private readonly string _kind;
    private readonly long _maxPixels;
    private readonly GSignalConnection _connection;
    private string? _refusal;
    private string? _skipped;

    private DecodeGuard(GstObjectHandle decodebin, string path, string kind, long maxPixels)
    {
        _path = path;
        _kind = kind;
        _maxPixels = maxPixels;
        _connection = GSignalConnection.Connect(decodebin, "autoplug-continue", (delegate* unmanaged<nint, nint, nint, nint, int>)&OnAutoplugContinue, this);
    }

    /// <summary>The first budget a stream broke (frame size, sample rate, channels), or null; set from streaming threads.</summary>
    public string? Refusal => Volatile.Read(ref _refusal);

    /// <summary>
    /// What an audio decode left undecoded (<c>"image/png"</c>, <c>"video/x-h264"</c>...), or null: not an error when the
    /// file has an audio stream too; the reason when it has none.
    /// </summary>
    public string? Skipped => Volatile.Read(ref _skipped);

    /// <summary>
    /// For decoding audio: images and video are never decoded (a PNG sent as audio costs its header, not its pixels),
    /// and a sample rate or channel count outside <see cref="MinSampleRate"/>..<see cref="MaxSampleRate"/> and
    /// 1..<see cref="MaxChannels"/> is refused.
    /// </summary>
    public static DecodeGuard ForAudio(GstObjectHandle decodebin, string path) => new(decodebin, path, "audio", long.MaxValue);

    /// <summary>For decoding images and video: a frame of more than <paramref name="maxPixels"/> pixels is refused.</summary>
    public static DecodeGuard ForVideo(GstObjectHandle decodebin, string path, long maxPixels) => new(decodebin, path, "video", maxPixels);

    public void Dispose() => _connection.Dispose();

    /// <summary>The refusal for these caps ("" to leave a stream undecoded without an error), or null to let decodebin go on.</summary>
    private string? Check(string media, nint structure)
    {
        // A picture stream, not a container: containers (video/quicktime, video/webm...) state no frame size, and an
        // audio decode must still open them for their audio.
        bool visual = media.StartsWith("image/", StringComparison.Ordinal)
            || (media.StartsWith("video/", StringComparison.Ordinal) && Gst.gst_structure_has_field(structure, "width") != 0);
        if (_kind == "audio")
        {
            if (visual)
            {
                Interlocked.CompareExchange(ref _skipped, media, null);
                return "";
            }

            if (media.StartsWith("audio/", StringComparison.Ordinal))
            {
                if (Gst.gst_structure_get_int(structure, "rate", out int rate) != 0 && rate is < MinSampleRate or > MaxSampleRate)
                {
                    return string.Create(CultureInfo.InvariantCulture,
                        $"'{_path}' has a sample rate of {rate} Hz; audio from {MinSampleRate} to {MaxSampleRate} Hz is accepted.");
                }

                if (Gst.gst_structure_get_int(structure, "channels", out int channels) != 0 && channels is < 1 or > MaxChannels)
                {
                    return string.Create(CultureInfo.InvariantCulture,
                        $"'{_path}' has {channels} audio channels; 1 to {MaxChannels} are accepted.");
                }
            }

            return null;
        }

        if (visual && Gst.gst_structure_get_int(structure, "width", out int width) != 0
            && Gst.gst_structure_get_int(structure, "height", out int height) != 0
            && (long)width * height > _maxPixels)
        {
            return FrameTooLarge(_path, width, height, _maxPixels);
        }

        return null;
    }

    /// <summary>The message for a frame over the pixel budget (also used once the first decoded frame's size is known).</summary>
    public static string FrameTooLarge(string path, int width, int height, long maxPixels) =>
        string.Create(CultureInfo.InvariantCulture,
            $"'{path}' has frames of {width}×{height} pixels ({width * (double)height / 1e6:0.#} megapixels); at most {maxPixels} pixels " +
            $"({maxPixels / 1e6:0.#} megapixels) per frame are accepted (the MaxPixels setting: avatar build --max-pixels, AvatarCreator:MaxPixels in the server).");

    /// <summary><c>gboolean autoplug_continue(GstElement *bin, GstPad *pad, GstCaps *caps, gpointer data)</c>.</summary>
    [UnmanagedCallersOnly]
    private static int OnAutoplugContinue(nint bin, nint pad, nint caps, nint data)
    {
        try
        {
            if (GSignalConnection.Target<DecodeGuard>(data) is not { } guard || caps == 0)
            {
                return 1;
            }

            nint structure = Gst.gst_caps_get_structure(caps, 0);
            string? media = structure == 0 ? null : GLib.PtrToString(Gst.gst_structure_get_name(structure));
            if (media is null || guard.Check(media, structure) is not { } reason)
            {
                return 1;
            }

            if (reason.Length > 0)
            {
                Interlocked.CompareExchange(ref guard._refusal, reason, null);
            }

            return 0;
        }
        catch (Exception)
        {
            // An exception must not unwind into GStreamer's C frames; decoding goes on unguarded only in a broken runtime.
            return 1;
        }
    }
}
