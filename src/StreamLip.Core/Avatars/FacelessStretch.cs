namespace StreamLip.Avatars;

/// <summary>Source frames <see cref="First"/>..<see cref="Last"/> (0-based, inclusive) in which no face was found, and what the build did about them.</summary>
public sealed class FacelessStretch
{
    /// <summary>The gap was filled by interpolating between the frames either side of it.</summary>
    public const string Interpolated = "interpolated";

    /// <summary>The gap is at the start or end of the video: the nearest frame's face was held.</summary>
    public const string Held = "held";

    /// <summary>The stretch was too long to fill and was dropped (<c>--trim-faceless</c>).</summary>
    public const string Trimmed = "trimmed";

    /// <summary>First faceless source frame.</summary>
    public int First { get; set; }

    /// <summary>Last faceless source frame.</summary>
    public int Last { get; set; }

    /// <summary><see cref="Interpolated"/>, <see cref="Held"/> or <see cref="Trimmed"/>.</summary>
    public string Handling { get; set; } = Interpolated;

    /// <summary>Frames in the stretch.</summary>
    public int Length => Last - First + 1;

    /// <inheritdoc/>
    public override string ToString() => (First == Last ? $"frame {First}" : $"frames {First}–{Last}") + $" ({Handling})";
}
