namespace StreamLip.Server.Options;

/// <summary>Whether H.264 may be encoded on a GPU.</summary>
public enum HardwareEncoder
{
    /// <summary>The default: NVENC (GStreamer's nvh264enc) where GStreamer has it (a CUDA driver with NVENC), else x264enc.</summary>
    Auto,

    /// <summary>Always x264enc on the CPU.</summary>
    Off,
}
