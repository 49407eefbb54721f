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
    /// Landmarks per frame in <c>landmarks.f32</c> (Frames × N × 2 little-endian float32, x then y in frame pixels,
    /// smoothed as the boxes were framed): 68 for an avatar built with the landmark model, 0 when there is no such file.
    /// </summary>
    public int LandmarkCount { get; set; }

    /// <summary>Frames of the source (a still: 1; a video: before any trim). 0 in caches written before this was kept.</summary>
    public int SourceFrameCount { get; set; }

    /// <summary>Stretches of the source without a face and how each was handled (filled or trimmed).</summary>
    public List<FacelessStretch> FacelessFrames { get; set; } = [];

    /// <summary>When the cache was written.</summary>
    public DateTimeOffset BuiltUtc { get; set; }
}
