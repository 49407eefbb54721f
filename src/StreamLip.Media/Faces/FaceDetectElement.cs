using StreamLip.Avatars;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;

namespace StreamLip.Media.Faces;

/// <summary>
/// GStreamer's <c>facedetect</c> (gstreamer1.0-opencv, Haar cascades from opencv-data): its launch fragment,
/// building a pipeline that holds it, and reading its per-frame bus messages.
/// </summary>
/// <remarks>
/// facedetect's instance init loads four compiled-in cascades: the face one plus nose, mouth and eye-pair
/// cascades (<c>haarcascade_mcs_*.xml</c>) that Debian's opencv-data does not ship. The three failed loads are
/// logged before any property can be set: by OpenCV on stderr and as GStreamer ERRORs. Left at their defaults
/// the three detectors stay disabled (null), which is what is wanted; setting those properties to "" or to
/// another missing file only logs the same errors again (checked with GST_DEBUG=2), and pointing them at
/// cascades that exist would run three extra detectors per face. So the profiles are left alone and the
/// construction-time messages silenced: OPENCV_LOG_LEVEL=FATAL unless the user set it, and the facedetect
/// debug category at NONE while the pipeline is built. Detection errors later on are not affected.
/// </remarks>
internal static class FaceDetectElement
{
    /// <summary>The face cascade facedetect loads by default (opencv-data, Debian bookworm).</summary>
    public const string FaceCascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    /// <summary>The element's name in pipelines built here.</summary>
    public const string ElementName = "faces";

    private static readonly Lock Gate = new();
    private static bool _openCvQuieted;

    /// <summary>
    /// The launch fragment: RGB in, RGB out, no drawing, one bus message per frame (also for frames without
    /// faces), no QoS frame dropping. Faces smaller than <paramref name="minFaceSize"/> pixels are ignored.
    /// </summary>
    public static string Fragment(int minFaceSize) =>
        $"facedetect name={ElementName} display=false updates=every_frame qos=false " +
        $"min-size-width={minFaceSize} min-size-height={minFaceSize}";

    /// <summary>Builds a pipeline containing <see cref="Fragment"/>, without facedetect's construction noise.</summary>
    /// <exception cref="GStreamerElementMissingException">facedetect is not installed.</exception>
    /// <exception cref="GStreamerUnavailableException">The face cascade (opencv-data) is missing.</exception>
    public static GstPipeline ParsePipeline(string description)
    {
        GStreamerRuntime.RequireElements("facedetect");
        if (!File.Exists(FaceCascade))
        {
            throw new GStreamerUnavailableException(
                $"The OpenCV face cascade {FaceCascade} is missing: install the Debian package opencv-data " +
                "(`./streamlip setup` installs it).", "opencv-data");
        }

        lock (Gate)
        {
            if (!_openCvQuieted)
            {
                // overwrite = 0: a value the user set stays. OpenCV reads it at its first log call, which is
                // facedetect's first construction, right below.
                try
                {
                    LibC.setenv("OPENCV_LOG_LEVEL", "FATAL", 0);
                }
                catch (DllNotFoundException)
                {
                    // Not glibc: OpenCV's three harmless lines stay; detection is unaffected.
                }

                _openCvQuieted = true;
            }

            using var silence = DebugCategorySilencer.Enter("facedetect", "facedetect");
            return GstPipeline.Parse(description);
        }
    }

    /// <summary>
    /// Reads a facedetect element message: <paramref name="bufferPts"/> is the analysed buffer's PTS (its
    /// "timestamp" field), <paramref name="faces"/> every face found. False for any other message.
    /// </summary>
    public static bool TryRead(nint message, out ulong bufferPts, out FaceBox[] faces)
    {
        bufferPts = 0;
        faces = [];
        nint structure = Gst.gst_message_get_structure(message);
        if (structure == 0 || Gst.gst_structure_has_name(structure, "facedetect") == 0
            || Gst.gst_structure_get_uint64(structure, "timestamp", out bufferPts) == 0)
        {
            return false;
        }

        // "faces" is a GstValueList of GstStructures named "face" with uint x, y, width, height.
        nint list = Gst.gst_structure_get_value(structure, "faces");
        uint count = list == 0 ? 0 : Gst.gst_value_list_get_size(list);
        if (count == 0)
        {
            return true;
        }

        faces = new FaceBox[count];
        for (uint i = 0; i < count; i++)
        {
            nint face = Gst.gst_value_get_structure(Gst.gst_value_list_get_value(list, i));
            Gst.gst_structure_get_uint(face, "x", out uint x);
            Gst.gst_structure_get_uint(face, "y", out uint y);
            Gst.gst_structure_get_uint(face, "width", out uint width);
            Gst.gst_structure_get_uint(face, "height", out uint height);
            faces[i] = new FaceBox((int)x, (int)y, (int)width, (int)height);
        }

        return true;
    }
}
