namespace StreamLip.Avatars;

/// <summary>
/// Crops a face box out of a BGRx frame into the model's 6-channel input: planar BGR in [0, 1], channels 0–2
/// with rows S/2.. zeroed (the mask), channels 3–5 the unmasked reference (shared/DESIGN.md, model contract).
/// </summary>
internal static class FaceCropper
{
    /// <summary>Floats one frame's model input takes: 6 × S × S.</summary>
    public static int InputLength(int faceSize) => 6 * faceSize * faceSize;

    /// <summary>
    /// Resamples <paramref name="box"/> (clipped to the frame) to S × S with half-pixel-centre bilinear
    /// sampling, averaging ⌈scale⌉² taps per pixel when shrinking so large faces do not alias.
    /// </summary>
    /// <param name="bgrx">The frame, stride = width × 4.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="box">The face box in frame pixels.</param>
    /// <param name="faceSize">S.</param>
    /// <param name="destination">6 × S × S floats.</param>
    public static void Crop(ReadOnlySpan<byte> bgrx, int width, int height, FaceBox box, int faceSize, Span<float> destination)
    {
        int plane = faceSize * faceSize;
        if (destination.Length < 6 * plane)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; 6 × {faceSize}² are needed.", nameof(destination));
        }

        if (box.Width <= 0 || box.Height <= 0)
        {
            throw new ArgumentException($"Empty face box {box}.", nameof(box));
        }

        double scaleX = box.Width / (double)faceSize;
        double scaleY = box.Height / (double)faceSize;
        int tapsX = Math.Max(1, (int)Math.Ceiling(scaleX));
        int tapsY = Math.Max(1, (int)Math.Ceiling(scaleY));
        double norm = 1.0 / (tapsX * tapsY * 255.0);
        int stride = width * 4;

        var reference = destination.Slice(3 * plane, 3 * plane);
        for (int oy = 0; oy < faceSize; oy++)
        {
            for (int ox = 0; ox < faceSize; ox++)
            {
                double b = 0, g = 0, r = 0;
                for (int ty = 0; ty < tapsY; ty++)
                {
                    double sy = box.Y + ((oy + ((ty + 0.5) / tapsY)) * scaleY) - 0.5;
                    for (int tx = 0; tx < tapsX; tx++)
                    {
                        double sx = box.X + ((ox + ((tx + 0.5) / tapsX)) * scaleX) - 0.5;
                        Bilinear(bgrx, width, height, stride, sx, sy, ref b, ref g, ref r);
                    }
                }

                int o = (oy * faceSize) + ox;
                reference[o] = (float)(b * norm);
                reference[plane + o] = (float)(g * norm);
                reference[(2 * plane) + o] = (float)(r * norm);
            }
        }

        // The masked copy: the upper half as the reference, the lower half zero (what the generator fills in).
        int half = (faceSize / 2) * faceSize;
        for (int c = 0; c < 3; c++)
        {
            var src = reference.Slice(c * plane, plane);
            var dst = destination.Slice(c * plane, plane);
            src[..half].CopyTo(dst);
            dst[half..].Clear();
        }
    }

    /// <summary>Adds the bilinear sample at (x, y), edges clamped, to b, g, r (0..255 units).</summary>
    internal static void Bilinear(ReadOnlySpan<byte> bgrx, int width, int height, int stride, double x, double y, ref double b, ref double g, ref double r)
    {
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        int x0 = (int)x;
        int y0 = (int)y;
        int x1 = Math.Min(x0 + 1, width - 1);
        int y1 = Math.Min(y0 + 1, height - 1);
        double fx = x - x0;
        double fy = y - y0;
        double w00 = (1 - fx) * (1 - fy);
        double w01 = fx * (1 - fy);
        double w10 = (1 - fx) * fy;
        double w11 = fx * fy;
        int p00 = (y0 * stride) + (x0 * 4);
        int p01 = (y0 * stride) + (x1 * 4);
        int p10 = (y1 * stride) + (x0 * 4);
        int p11 = (y1 * stride) + (x1 * 4);
        b += (w00 * bgrx[p00]) + (w01 * bgrx[p01]) + (w10 * bgrx[p10]) + (w11 * bgrx[p11]);
        g += (w00 * bgrx[p00 + 1]) + (w01 * bgrx[p01 + 1]) + (w10 * bgrx[p10 + 1]) + (w11 * bgrx[p11 + 1]);
        r += (w00 * bgrx[p00 + 2]) + (w01 * bgrx[p01 + 2]) + (w10 * bgrx[p10 + 2]) + (w11 * bgrx[p11 + 2]);
    }
}
