namespace StreamLip.Avatars;

/// <summary>
/// <c>avatar.json</c> of a built avatar. Next to it: <c>frames.bgrx</c> (Frames × Height × Width × 4 bytes)
/// and <c>faces.f32</c> (Frames × 6 × S × S little-endian float32, the model input of each frame).
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

    /// <summary>When the cache was written.</summary>
    public DateTimeOffset BuiltUtc { get; set; }
}
