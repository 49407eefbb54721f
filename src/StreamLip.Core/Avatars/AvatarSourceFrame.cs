using System.Numerics;

namespace StreamLip.Avatars;

/// <summary>One decoded frame of an avatar source: BGRx pixels (stride = width × 4) and the faces found in it.</summary>
/// <param name="Bgrx">The pixels; the builder reads them and does not keep them.</param>
/// <param name="Faces">Faces detected in this frame (may be empty).</param>
/// <param name="Landmarks">
/// The speaker's 68 iBUG landmarks when a landmark model ran and found them, else null. When the frames have landmarks
/// the builder frames the face from them (<see cref="FaceFraming"/>) and keeps them in the cache.
/// </param>
public sealed record AvatarSourceFrame(byte[] Bgrx, IReadOnlyList<FaceBox> Faces, Vector2[]? Landmarks = null);
