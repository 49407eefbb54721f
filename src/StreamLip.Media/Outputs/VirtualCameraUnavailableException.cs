namespace StreamLip.Media.Outputs;

/// <summary>No virtual camera can be opened: no v4l2loopback device, the module is not loaded, or the device refused.
/// The message says what to do.</summary>
public sealed class VirtualCameraUnavailableException : Exception
{
    /// <summary>How to make a device: the module's package and the load command.</summary>
    public const string SetupHint =
        "Install the module (Debian/Ubuntu: sudo apt-get install v4l2loopback-dkms) and load it: " +
        "sudo modprobe v4l2loopback devices=1 video_nr=10 card_label=StreamLip exclusive_caps=1 (this makes /dev/video10).";

    /// <summary>Creates the exception.</summary>
    public VirtualCameraUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public VirtualCameraUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public VirtualCameraUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
