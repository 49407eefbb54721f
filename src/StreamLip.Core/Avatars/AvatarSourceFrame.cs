namespace StreamLip.Avatars;

/// <summary>One decoded frame of an avatar source: BGRx pixels (stride = width × 4) and the faces found in it.</summary>
/// <param name="Bgrx">The pixels; the builder reads them and does not keep them.</param>
/// <param name="Faces">Faces detected in this frame (may be empty).</param>
public sealed record AvatarSourceFrame(byte[] Bgrx, IReadOnlyList<FaceBox> Faces);
