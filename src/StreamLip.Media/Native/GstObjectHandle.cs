using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>
/// Owns one (non-floating) reference to a <c>GstObject</c> (pipeline, element, bus, plugin feature) and
/// drops it with <c>gst_object_unref</c>.
/// </summary>
internal sealed class GstObjectHandle : SafeHandle
{
    /// <summary>Used by the P/Invoke marshaller for calls that return a full reference.</summary>
    public GstObjectHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <summary>Takes over a full reference the caller owns.</summary>
    public GstObjectHandle(nint owned)
        : base(0, ownsHandle: true) => SetHandle(owned);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        Gst.gst_object_unref(handle);
        return true;
    }
}
