namespace StreamLip.Avatars;

/// <summary>Fills <paramref name="bgrx"/> (width × height × 4 bytes, rows packed) with frame <paramref name="index"/> of an imported avatar.</summary>
/// <param name="index">0-based frame number; frames are asked for once each, in order.</param>
/// <param name="bgrx">The buffer to fill; owned by the caller and reused for every frame.</param>
public delegate void AvatarFrameReader(int index, Span<byte> bgrx);
