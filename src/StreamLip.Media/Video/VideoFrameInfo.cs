using StreamLip.Avatars;

namespace StreamLip.Media.Video;

/// <summary>What <see cref="VideoFrameReader.TryReadFrame"/> knows about the frame it just copied.</summary>
/// <param name="Index">0-based frame number in decode order.</param>
/// <param name="PtsNs">Presentation time in nanoseconds of stream time (the first frame of a file is at 0); -1 when the file gives none.</param>
/// <param name="Faces">Faces found in the frame (empty when none), or null when detection is off.</param>
public readonly record struct VideoFrameInfo(int Index, long PtsNs, IReadOnlyList<FaceBox>? Faces);
