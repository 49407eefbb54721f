using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>
/// Holds a <see cref="SafeHandle"/> open (DangerousAddRef) while its raw pointer is used, e.g. as a GValue or signal
/// instance, so a concurrent Dispose cannot free it underneath.
/// </summary>
internal readonly ref struct SafeHandleLease
{
    private readonly SafeHandle _handle;
    private readonly bool _added;

    /// <exception cref="ObjectDisposedException">The handle is already closed.</exception>
    public SafeHandleLease(SafeHandle handle)
    {
        _handle = handle;
        bool success = false;
        handle.DangerousAddRef(ref success);
        _added = success;
        Pointer = handle.DangerousGetHandle();
    }

    /// <summary>The raw pointer, valid until Dispose.</summary>
    public nint Pointer { get; }

    public void Dispose()
    {
        if (_added)
        {
            _handle.DangerousRelease();
        }
    }
}
