namespace StreamLip.Media.Outputs;

/// <summary>Where and how a <see cref="VirtualCameraOutput"/> writes.</summary>
public sealed class VirtualCameraOptions
{
    /// <summary>The device, e.g. <c>/dev/video10</c>; null picks the first v4l2loopback device found.</summary>
    public string? Device { get; set; }

    /// <summary>Frame width in pixels (of the BGRx frames pushed); even.</summary>
    public int Width { get; set; }

    /// <summary>Frame height in pixels; even.</summary>
    public int Height { get; set; }

    /// <summary>Frames per second. Default 25.</summary>
    public int Fps { get; set; } = 25;

    /// <summary>The pixel format written. Default <see cref="VirtualCameraFormat.Yuy2"/>.</summary>
    public VirtualCameraFormat Format { get; set; } = VirtualCameraFormat.Yuy2;

    /// <summary>Throws when a value is invalid (the message names it).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (Width is < 16 or > 7680 || Width % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), Width, "VirtualCameraOptions.Width must be even, 16 to 7680.");
        }

        if (Height is < 16 or > 4320 || Height % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Height), Height, "VirtualCameraOptions.Height must be even, 16 to 4320.");
        }

        if (Fps is < 1 or > 120)
        {
            throw new ArgumentOutOfRangeException(nameof(Fps), Fps, "VirtualCameraOptions.Fps must be 1 to 120.");
        }

        if (!Enum.IsDefined(Format))
        {
            throw new ArgumentOutOfRangeException(nameof(Format), Format, "VirtualCameraOptions.Format must be Yuy2 or I420.");
        }
    }
}
