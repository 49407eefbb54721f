namespace StreamLip.Media;

/// <summary>
/// Which Debian package (bookworm, GStreamer 1.22) ships an element, checked with <c>dpkg -S</c> on each
/// element's plugin file. Used to turn a missing element into an instruction.
/// </summary>
internal static class ElementPackages
{
    private const string Core = "libgstreamer1.0-0";
    private const string Base = "gstreamer1.0-plugins-base";
    private const string Good = "gstreamer1.0-plugins-good";
    private const string Bad = "gstreamer1.0-plugins-bad";
    private const string Ugly = "gstreamer1.0-plugins-ugly";
    private const string Libav = "gstreamer1.0-libav";

    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["filesrc"] = Core, ["filesink"] = Core, ["queue"] = Core, ["fakesink"] = Core, ["capsfilter"] = Core,
        ["tee"] = Core, ["identity"] = Core, ["typefind"] = Core,
        ["decodebin"] = Base, ["uridecodebin"] = Base, ["audioconvert"] = Base, ["audioresample"] = Base,
        ["videoconvert"] = Base, ["videoscale"] = Base, ["videorate"] = Base, ["appsrc"] = Base, ["appsink"] = Base,
        ["audiotestsrc"] = Base, ["videotestsrc"] = Base, ["oggmux"] = Base, ["oggdemux"] = Base,
        ["opusenc"] = Base, ["opusdec"] = Base, ["vorbisenc"] = Base, ["vorbisdec"] = Base,
        ["pngenc"] = Good, ["pngdec"] = Good, ["jpegenc"] = Good, ["jpegdec"] = Good, ["vp8enc"] = Good,
        ["vp8dec"] = Good, ["vp9enc"] = Good, ["vp9dec"] = Good, ["mp4mux"] = Good, ["qtmux"] = Good,
        ["qtdemux"] = Good, ["matroskamux"] = Good, ["matroskademux"] = Good, ["wavparse"] = Good, ["wavenc"] = Good,
        ["imagefreeze"] = Good, ["multifilesrc"] = Good, ["aacparse"] = Good, ["flvmux"] = Good,
        ["v4l2sink"] = Good, ["lamemp3enc"] = Good, ["mpg123audiodec"] = Good, ["rtpbin"] = Good,
        ["rtpvp8pay"] = Good, ["rtpopuspay"] = Good,
        ["h264parse"] = Bad, ["voaacenc"] = Bad, ["webrtcbin"] = Bad, ["rtmp2sink"] = Bad, ["srtsink"] = Bad,
        ["srtsrc"] = Bad,
        ["x264enc"] = Ugly,
        ["avenc_aac"] = Libav, ["avdec_aac"] = Libav, ["avdec_h264"] = Libav,
        ["facedetect"] = "gstreamer1.0-opencv",
        ["nicesrc"] = "gstreamer1.0-nice", ["nicesink"] = "gstreamer1.0-nice",
    };

    /// <summary>The Debian package that ships <paramref name="element"/>, or null when not known here.</summary>
    public static string? For(string element) => Packages.GetValueOrDefault(element);
}
