namespace StreamLip.Media.Video;

/// <summary>
/// Where the planes of an I420 frame lie in one buffer, as GStreamer lays them out when the caps carry no strides
/// (<c>gst_video_info_set_format</c>): Y rows padded to 4 bytes, U and V rows of half the width padded to 4 bytes,
/// the planes back to back (Y, U, V). Every element that takes I420 caps without a video meta reads this layout.
/// </summary>
/// <param name="Width">Frame width in pixels (even).</param>
/// <param name="Height">Frame height in pixels (even).</param>
/// <param name="YStride">Bytes from one Y row to the next.</param>
/// <param name="ChromaStride">Bytes from one U (or V) row to the next.</param>
/// <param name="UOffset">Byte offset of the U plane.</param>
/// <param name="VOffset">Byte offset of the V plane.</param>
/// <param name="Size">Bytes of the whole frame.</param>
internal readonly record struct I420Layout(int Width, int Height, int YStride, int ChromaStride, int UOffset, int VOffset, int Size)
{
    /// <summary>The layout of a <paramref name="width"/> × <paramref name="height"/> frame (both even, ≥ 2).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side is odd or below 2.</exception>
    public static I420Layout For(int width, int height)
    {
        CheckSide(width, nameof(width));
        CheckSide(height, nameof(height));
        int yStride = RoundUp4(width);
        int chromaStride = RoundUp4(width / 2);
        int uOffset = yStride * height;
        int vOffset = uOffset + (chromaStride * (height / 2));
        return new I420Layout(width, height, yStride, chromaStride, uOffset, vOffset, vOffset + (chromaStride * (height / 2)));
    }

    private static int RoundUp4(int value) => (value + 3) & ~3;

    private static void CheckSide(int value, string name)
    {
        // 4:2:0 halves both sides for chroma; 16384 keeps every offset far from int overflow.
        if (value is < 2 or > 16384 || value % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "An I420 frame side must be an even number of pixels from 2 to 16384.");
        }
    }
}
