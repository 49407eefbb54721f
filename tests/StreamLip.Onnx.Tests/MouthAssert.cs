using Xunit.Sdk;

namespace StreamLip.Onnx.Tests;

/// <summary>Domain asserts on generated crops (NCHW, 3 channels, S × S per frame).</summary>
internal static class MouthAssert
{
    /// <summary>The frame equals its reference crop: a closed mouth changes nothing.</summary>
    public static void EqualsReference(float[] output, Wav2LipInputs inputs, int frame, float tolerance = 1e-3f)
    {
        int plane = inputs.Size * inputs.Size;
        for (int c = 0; c < 3; c++)
        {
            var generated = output.AsSpan(((frame * 3) + c) * plane, plane);
            var reference = inputs.Reference(frame, c);
            for (int i = 0; i < plane; i++)
            {
                if (Math.Abs(generated[i] - reference[i]) > tolerance)
                {
                    throw new XunitException(
                        $"Frame {frame}, channel {c}, pixel (x {i % inputs.Size}, y {i / inputs.Size}): {generated[i]} differs " +
                        $"from the reference {reference[i]} by more than {tolerance}.");
                }
            }
        }
    }

    /// <summary>
    /// The mouth is open: pixels around the mouth (the procedural model's centre, x 0.5·S, y 0.74·S) are darker than
    /// the reference by at least half, every darkened pixel lies in the lower face (rows below S/2, middle half of
    /// the columns), and the upper face is unchanged.
    /// </summary>
    public static void MouthDarkens(float[] output, Wav2LipInputs inputs, int frame)
    {
        int size = inputs.Size;
        int plane = size * size;
        int darkened = 0;
        for (int c = 0; c < 3; c++)
        {
            var generated = output.AsSpan(((frame * 3) + c) * plane, plane);
            var reference = inputs.Reference(frame, c);
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    int i = (y * size) + x;
                    float ratio = generated[i] / reference[i];
                    bool nearMouthCentre = Math.Abs(x + 0.5 - (0.5 * size)) <= 0.08 * size && Math.Abs(y + 0.5 - (0.74 * size)) <= 0.03 * size;
                    if (nearMouthCentre && ratio > 0.5f)
                    {
                        throw new XunitException($"Frame {frame}: pixel (x {x}, y {y}) at the mouth is not darkened (ratio {ratio:F3}).");
                    }

                    if (ratio < 0.99f)
                    {
                        darkened++;
                        bool inLowerFace = y >= size / 2 && x >= size / 4 && x < 3 * size / 4;
                        if (!inLowerFace)
                        {
                            throw new XunitException($"Frame {frame}: pixel (x {x}, y {y}) outside the mouth region changed (ratio {ratio:F3}).");
                        }
                    }

                    if (y < size / 2 && Math.Abs(generated[i] - reference[i]) > 1e-3f)
                    {
                        throw new XunitException($"Frame {frame}: upper-face pixel (x {x}, y {y}) changed.");
                    }
                }
            }
        }

        if (darkened < 3 * 0.02 * plane)
        {
            throw new XunitException($"Frame {frame}: only {darkened} channel-pixels darkened; an open mouth covers more.");
        }
    }
}
