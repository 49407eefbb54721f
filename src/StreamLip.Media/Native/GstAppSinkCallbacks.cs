using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>
/// <c>GstAppSinkCallbacks</c> (1.22: eos, new_preroll, new_sample, new_event and 3 reserved pointers). One spare
/// pointer is added so a later GStreamer that uses a reserved slot reads a null, not garbage. appsink copies the
/// struct, so it may live on the stack.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GstAppSinkCallbacks
{
    public delegate* unmanaged<nint, nint, void> Eos;
    public delegate* unmanaged<nint, nint, GstFlowReturn> NewPreroll;
    public delegate* unmanaged<nint, nint, GstFlowReturn> NewSample;
    public delegate* unmanaged<nint, nint, int> NewEvent;
    public fixed long Reserved[4];
}
