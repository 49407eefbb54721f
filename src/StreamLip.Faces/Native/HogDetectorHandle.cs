using System.Runtime.InteropServices;

namespace StreamLip.Faces.Native;

/// <summary>Owns one native <c>sl_hog_detector</c>; released with <c>sl_hog_destroy</c>.</summary>
internal sealed class HogDetectorHandle : SafeHandle
{
    public HogDetectorHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        FacesNative.sl_hog_destroy(handle);
        return true;
    }
}
