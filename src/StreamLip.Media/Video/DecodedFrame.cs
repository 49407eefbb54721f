using StreamLip.Avatars;

namespace StreamLip.Media.Video;

/// <summary>One decoded frame: BGRx pixels (4 bytes per pixel, stride = width × 4), time and faces.</summary>
public sealed class DecodedFrame
{
    /// <summary>Creates a frame; <paramref name="bgrx"/> is taken over, not copied.</summary>
    public DecodedFrame(byte[] bgrx, long ptsNs, IReadOnlyList<FaceBox>? faces)
    {
        ArgumentNullException.ThrowIfNull(bgrx);
        Bgrx = bgrx;
        PtsNs = ptsNs;
        Faces = faces;
    }

    /// <summary>Pixels, row-major, B G R x per pixel, no padding between rows.</summary>
    public byte[] Bgrx { get; }

    /// <summary>Presentation time in nanoseconds of stream time; -1 when the file gives none.</summary>
    public long PtsNs { get; }

    /// <summary>Faces found (empty when none), or null when detection was off.</summary>
    public IReadOnlyList<FaceBox>? Faces { get; }
}
