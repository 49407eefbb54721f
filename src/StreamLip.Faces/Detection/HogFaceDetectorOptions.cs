namespace StreamLip.Faces.Detection;

/// <summary>Settings of <see cref="HogFaceDetector"/>.</summary>
public sealed class HogFaceDetectorOptions
{
    /// <summary>
    /// Times the image is doubled before scanning (0-3). dlib's detector window is 80×80 pixels: faces smaller than
    /// about 80 pixels are found only after upsampling, at about 4× the cost per doubling. Default 0.
    /// </summary>
    public int Upsample { get; set; }

    /// <summary>Added to dlib's decision threshold: negative finds more faces (and more false ones), positive fewer. Default 0.</summary>
    public double AdjustThreshold { get; set; }

    /// <summary>The native library file; null to search (see the README's "Faces" section).</summary>
    public string? LibraryPath { get; set; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Upsample is < 0 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(Upsample), Upsample, "Upsample must be 0 to 3 (each step doubles the image).");
        }

        if (!double.IsFinite(AdjustThreshold) || Math.Abs(AdjustThreshold) > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(AdjustThreshold), AdjustThreshold, "AdjustThreshold must be a finite number from -10 to 10.");
        }
    }
}
