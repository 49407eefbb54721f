using System.Numerics;

namespace StreamLip.Avatars;

/// <summary>
/// How a face box is cut from a face's 68 iBUG landmarks: the framing of the crops a model was trained on. A model
/// declares its framing in its metadata (<see cref="MetadataKey"/>); an avatar built with landmarks can be framed for
/// any of them when it is loaded (<see cref="Avatar.Load(string, int?, FaceFraming?)"/>). Pads (<c>--pads</c>) and
/// smoothing come on top of the box, the same for every framing.
/// <list type="bullet">
/// <item><see cref="Haar"/> (<c>haar</c>): the box OpenCV's frontal Haar cascade gives, which the built-in model was
/// trained on: a square of side 2.35 × d centred a quarter of the way from the eyes' midpoint to the mouth's centre,
/// d the distance between those two points. Calibrated on the two face photos Debian ships (astronaut: cascade 97 px,
/// rule 100 px; Grace Hopper: 216 px, 209 px). Rotation- and scale-covariant: a tilted face gets the box the same face
/// upright would; unlike a detector box it does not jump when the detector's filter changes between frames.</item>
/// <item><see cref="Wav2Lip"/> (<c>wav2lip</c>): an S3FD-like box, forehead to chin, as official Wav2Lip checkpoints
/// were trained and run on: left and right at the extreme x of the 68 points (the jaw line), bottom at the lowest
/// point (the chin), top as far above point 29 (the middle of the nose bridge) as the chin lies below it — the rule
/// MuseTalk uses in place of a detector. Axis-aligned extents, like a detector's box: a tilted face gets the box of its tilted points (the astronaut tilted 20°: 96 px wide, not 93).
/// Astronaut: 93 × 118 px from (179, 60); with Wav2Lip's 10 px bottom pad the crop is 93 × 128.</item>
/// </list>
/// </summary>
public sealed class FaceFraming
{
    /// <summary>Points of the iBUG 68-point layout.</summary>
    public const int LandmarkCount = 68;

    /// <summary>The model metadata key that names a model's framing (<c>haar</c> or <c>wav2lip</c>).</summary>
    public const string MetadataKey = "face_framing";

    /// <summary>Haar framing: box side over the eyes-to-mouth distance.</summary>
    public const double SizeOverEyesToMouth = 2.35;

    /// <summary>Haar framing: where the box centre lies on the line from the eyes' midpoint (0) to the mouth's centre (1).</summary>
    public const double CentreAlongEyesToMouth = 0.25;

    /// <summary>The built-in model's framing; also that of a model that declares none.</summary>
    public static readonly FaceFraming Haar = new("haar", "OpenCV frontal Haar cascade box: square, 2.35 × eyes-to-mouth, centred ¼ of the way from eyes to mouth", HaarBox);

    /// <summary>Official Wav2Lip's framing: an S3FD-like box, forehead to chin.</summary>
    public static readonly FaceFraming Wav2Lip = new("wav2lip", "S3FD-like box: jaw line left to right, chin up to as far above the nose bridge (point 29)", Wav2LipBox);

    private readonly BoxRule _box;

    private FaceFraming(string name, string description, BoxRule box)
    {
        Name = name;
        Description = description;
        _box = box;
    }

    /// <summary>Every framing StreamLip knows.</summary>
    public static IReadOnlyList<FaceFraming> All { get; } = [Haar, Wav2Lip];

    /// <summary>The name used in model metadata, avatar manifests and <c>--framing</c>.</summary>
    public string Name { get; }

    /// <summary>The rule in one line, for messages and <c>avatar info</c>.</summary>
    public string Description { get; }

    /// <summary>The framing named <paramref name="name"/> (case and surrounding spaces ignored), or null.</summary>
    public static FaceFraming? Find(string? name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The framing named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No framing has that name; the message lists those that do.</exception>
    public static FaceFraming Parse(string name) =>
        Find(name) ?? throw new ArgumentException(Unknown(name));

    /// <summary>
    /// The framing a model's metadata declares: <see cref="MetadataKey"/> when present; else a <c>framing</c>
    /// description that starts with <c>wav2lip</c> (exports before the key existed); else <see cref="Haar"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The model names a framing StreamLip does not know.</exception>
    public static FaceFraming ForModel(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.TryGetValue(MetadataKey, out string? name))
        {
            return Find(name) ?? throw new ArgumentException($"The model's metadata {MetadataKey}={Unknown(name)}");
        }

        return metadata.TryGetValue("framing", out string? text) && text.StartsWith("wav2lip", StringComparison.OrdinalIgnoreCase) ? Wav2Lip : Haar;
    }

    /// <summary>The box of a face from its 68 landmarks (iBUG order: 0–16 the jaw, 29 the nose bridge, 36–47 the eyes, 48–67 the mouth), before pads.</summary>
    /// <exception cref="ArgumentException">Not 68 points.</exception>
    public FaceBox FromLandmarks(ReadOnlySpan<Vector2> points)
    {
        if (points.Length != LandmarkCount)
        {
            throw new ArgumentException($"A face box is framed from {LandmarkCount} iBUG landmarks, not {points.Length}.", nameof(points));
        }

        return _box(points);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static FaceBox HaarBox(ReadOnlySpan<Vector2> points)
    {
        var eyes = (Mean(points[36..42]) + Mean(points[42..48])) / 2;
        var mouth = Mean(points[48..68]);
        float d = Vector2.Distance(eyes, mouth);
        var centre = eyes + ((mouth - eyes) * (float)CentreAlongEyesToMouth);
        double side = SizeOverEyesToMouth * d;
        int size = Math.Max(1, (int)Math.Round(side));
        return new FaceBox((int)Math.Round(centre.X - (side / 2)), (int)Math.Round(centre.Y - (side / 2)), size, size);
    }

    private static FaceBox Wav2LipBox(ReadOnlySpan<Vector2> points)
    {
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        foreach (var p in points)
        {
            min = Vector2.Min(min, p);
            max = Vector2.Max(max, p);
        }

        float bridge = points[29].Y;
        float top = bridge - (max.Y - bridge);
        int left = (int)Math.Round(min.X);
        int y = (int)Math.Round(top);
        return new FaceBox(left, y, Math.Max(1, (int)Math.Round(max.X) - left), Math.Max(1, (int)Math.Round(max.Y) - y));
    }

    private static string Unknown(string? name) => $"'{name}' is not a face framing StreamLip knows ({string.Join(", ", All.Select(f => f.Name))}).";

    private delegate FaceBox BoxRule(ReadOnlySpan<Vector2> points);

    private static Vector2 Mean(ReadOnlySpan<Vector2> points)
    {
        var sum = Vector2.Zero;
        foreach (var p in points)
        {
            sum += p;
        }

        return sum / points.Length;
    }
}
