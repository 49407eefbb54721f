namespace StreamLip.Media.Outputs;

/// <summary>The pixel format written to a v4l2loopback device (what OBS, Zoom and browsers read).</summary>
public enum VirtualCameraFormat
{
    /// <summary>YUYV 4:2:2 packed: what most capture programs (Chrome, Zoom, OBS) take from a webcam. Default.</summary>
    Yuy2,

    /// <summary>I420 (YU12) planar 4:2:0: smaller; some programs do not list it.</summary>
    I420,
}
