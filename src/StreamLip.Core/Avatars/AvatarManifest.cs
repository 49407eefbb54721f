namespace StreamLip.Avatars;

/// <summary>
/// <c>avatar.json</c> of a built avatar. Next to it: <c>frames.bgrx</c> (Frames × Height × Width × 4 bytes),
/// <c>faces.f32</c> (Frames × 6 × S × S little-endian float32, the model input of each frame) and, when built with
/// landmarks, <c>landmarks.f32</c>.
/// </summary>
public sealed class AvatarManifest
{
    /// <summary>The cache format this code writes and reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Cache format of this directory.</summary>
    public int Format { get; set; } = CurrentFormat;

    /// <summary>Directory name of the avatar.</summary>
    public string Name { get; set; } = "";

    /// <summary>The image or video the avatar was built from.</summary>
    public string Source { get; set; } = "";

    /// <summary><c>image</c> (a still with idle motion) or <c>video</c>.</summary>
    public string Kind { get; set; } = "image";

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; set; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; set; }

    /// <summary>Frames in the cache.</summary>
    public int FrameCount { get; set; }

    /// <summary>S of <c>faces.f32</c>.</summary>
    public int FaceSize { get; set; }

    /// <summary>Frame rate the loop is played at.</summary>
    public double Fps { get; set; } = 25;

    /// <summary>Per frame: x, y, width, height of the smoothed, padded face box.</summary>
    public List<int[]> Boxes { get; set; } = [];

    /// <summary>
    /// How the boxes were framed: a <see cref="FaceFraming"/> name (<c>haar</c>, <c>wav2lip</c>) for boxes cut from
    /// landmarks or imported from a Wav2Lip tool, <c>detector</c> for a face detector's boxes. Empty in caches written
    /// before this was kept (read as <c>haar</c> with landmarks, else <c>detector</c>).
    /// </summary>
    public string Framing { get; set; } = "";

    /// <summary>Pixels added to each framed box: top, bottom, left, right (<c>--pads</c>). Null in caches written before this was kept (0, 10, 0, 0).</summary>
    public int[]? Pads { get; set; }

    /// <summary>
    /// Landmarks per frame in <c>landmarks.f32</c> (Frames × N × 2 little-endian float32, x then y in frame pixels,
    /// smoothed as the boxes were framed): 68 for an avatar built with the landmark model, 0 when there is no such file.
    /// </summary>
    public int LandmarkCount { get; set; }

    /// <summary>Frames of the source (a still: 1; a video: before any trim). 0 in caches written before this was kept.</summary>
    public int SourceFrameCount { get; set; }

    /// <summary>Stretches of the source without a face and how each was handled (filled or trimmed).</summary>
    public List<FacelessStretch> FacelessFrames { get; set; } = [];

    /// <summary>The framing of <see cref="Boxes"/>, old caches included (see <see cref="Framing"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string FramingName => Framing.Length > 0 ? Framing : LandmarkCount > 0 ? FaceFraming.Haar.Name : DetectorFraming;

    /// <summary><see cref="Framing"/> of boxes that came from a face detector as they were.</summary>
    public const string DetectorFraming = "detector";

    /// <summary>When the cache was written.</summary>
    public DateTimeOffset BuiltUtc { get; set; }
}
