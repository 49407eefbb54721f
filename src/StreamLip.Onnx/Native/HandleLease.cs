using System.Runtime.InteropServices;

namespace StreamLip.Onnx.Native;

/// <summary>
/// Keeps a <see cref="SafeHandle"/> from being released while its raw pointer is passed to native code
/// (<c>DangerousAddRef</c> / <c>DangerousRelease</c>). Throws <see cref="ObjectDisposedException"/> when the
/// handle is already closed. Use with <c>using</c>.
/// </summary>
internal ref struct HandleLease
{
    private readonly SafeHandle _owner;
    private bool _added;

    public HandleLease(SafeHandle owner)
    {
        _owner = owner;
        _added = false;
        owner.DangerousAddRef(ref _added);
        Pointer = owner.DangerousGetHandle();
    }

    /// <summary>The native pointer, valid until <see cref="Dispose"/>.</summary>
    public nint Pointer { get; }

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _owner.DangerousRelease();
        }
    }
}
