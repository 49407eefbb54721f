using StreamLip.Faces.Images;

namespace StreamLip.Faces.Tests.TestData;

/// <summary>A decoded test photo or a transformed copy: tightly packed BGRx.</summary>
/// <param name="Name">What it is, for messages ("astronaut rotated +30°").</param>
/// <param name="Bgrx">Pixels, stride = width × 4.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Transform">Maps a point of the original photo to this image (identity for the original).</param>
internal sealed record TestPhoto(string Name, byte[] Bgrx, int Width, int Height, PhotoTransform Transform)
{
    public FaceImage Image => FaceImage.FromBgrx(Bgrx, Width, Height);

    public override string ToString() => Name;
}
