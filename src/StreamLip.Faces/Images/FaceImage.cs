using System.Runtime.CompilerServices;

namespace StreamLip.Faces.Images;

/// <summary>
/// A view of 8-bit pixels that the face code reads and never keeps: the span, its size, its row stride in bytes and
/// its layout. Checked once when made, so the predictor and detector can index it without further checks.
/// </summary>
public readonly ref struct FaceImage
{
    /// <summary>Describes <paramref name="pixels"/>; throws when they cannot hold the image described.</summary>
    /// <param name="pixels">Row-major pixels; the first row starts at index 0.</param>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="stride">Bytes from one row to the next, at least width × bytes per pixel.</param>
    /// <param name="format">The pixel layout.</param>
    /// <exception cref="ArgumentException">An empty image, an unknown format, a stride shorter than a row, or too few bytes.</exception>
    public FaceImage(ReadOnlySpan<byte> pixels, int width, int height, int stride, FacePixelFormat format)
    {
        int bytesPerPixel = BytesPerPixel(format);
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"An image must be at least 1×1 pixels; this one is {width}×{height}.", nameof(width));
        }

        long rowBytes = (long)width * bytesPerPixel;
        if (stride < rowBytes)
        {
            throw new ArgumentException($"A stride of {stride} bytes is shorter than a row of {width} {format} pixels ({rowBytes} bytes).", nameof(stride));
        }

        long needed = ((long)stride * (height - 1)) + rowBytes;
        if (pixels.Length < needed)
        {
            throw new ArgumentException(
                $"A {width}×{height} {format} image with stride {stride} needs {needed} bytes; {pixels.Length} were given.", nameof(pixels));
        }

        Pixels = pixels;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
    }

    /// <summary>The pixels.</summary>
    public ReadOnlySpan<byte> Pixels { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes from one row to the next.</summary>
    public int Stride { get; }

    /// <summary>The pixel layout.</summary>
    public FacePixelFormat Format { get; }

    /// <summary>True for the default value, which describes no pixels.</summary>
    public bool IsEmpty => Width == 0;

    /// <summary>A tightly packed BGRx image (stride = width × 4), as StreamLip's decoder returns frames.</summary>
    public static FaceImage FromBgrx(ReadOnlySpan<byte> bgrx, int width, int height) =>
        new(bgrx, width, height, checked(width * 4), FacePixelFormat.Bgrx32);

    /// <summary>Bytes per pixel of <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentException">An unknown format.</exception>
    public static int BytesPerPixel(FacePixelFormat format) => format switch
    {
        FacePixelFormat.Gray8 => 1,
        FacePixelFormat.Bgrx32 => 4,
        FacePixelFormat.Rgb24 => 3,
        _ => throw new ArgumentException($"Unknown pixel format {(int)format}.", nameof(format)),
    };

    /// <summary>
    /// The intensity of pixel (<paramref name="x"/>, <paramref name="y"/>) as dlib computes it for its shape predictor:
    /// the value itself for gray, (R + G + B) / 3 rounded down for colour. The caller keeps x and y inside the image.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Intensity(int x, int y)
    {
        ref byte row = ref Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(Pixels), (nint)y * Stride);
        switch (Format)
        {
            case FacePixelFormat.Gray8:
                return Unsafe.Add(ref row, x);
            case FacePixelFormat.Bgrx32:
                ref byte bgrx = ref Unsafe.Add(ref row, x * 4);
                return (bgrx + Unsafe.Add(ref bgrx, 1) + Unsafe.Add(ref bgrx, 2)) / 3;
            default:
                ref byte rgb = ref Unsafe.Add(ref row, x * 3);
                return (rgb + Unsafe.Add(ref rgb, 1) + Unsafe.Add(ref rgb, 2)) / 3;
        }
    }
}
