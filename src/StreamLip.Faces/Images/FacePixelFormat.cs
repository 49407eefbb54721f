namespace StreamLip.Faces.Images;

/// <summary>Pixel layouts a <see cref="FaceImage"/> can describe. The numbers are part of the native library's ABI.</summary>
public enum FacePixelFormat
{
    /// <summary>One byte per pixel, 8-bit intensity.</summary>
    Gray8 = 0,

    /// <summary>Four bytes per pixel, B G R and an unused byte (GStreamer's BGRx, what StreamLip decodes to).</summary>
    Bgrx32 = 1,

    /// <summary>Three bytes per pixel, R G B.</summary>
    Rgb24 = 2,
}
