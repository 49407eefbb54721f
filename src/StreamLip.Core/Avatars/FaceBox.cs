namespace StreamLip.Avatars;

/// <summary>A face rectangle in pixels of its frame; <see cref="Right"/> and <see cref="Bottom"/> are exclusive.</summary>
public readonly record struct FaceBox(int X, int Y, int Width, int Height)
{
    /// <summary>One past the last column.</summary>
    public int Right => X + Width;

    /// <summary>One past the last row.</summary>
    public int Bottom => Y + Height;
}
