using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>
/// One signal handler connected with <c>g_signal_connect_data</c>: a C function pointer plus a <see cref="GCHandle"/>
/// to the managed target as user data. The handle is freed by GLib's closure notify, i.e. only once no emission can
/// still reach the target; Dispose disconnects (idempotent, and a no-op once the instance is gone).
/// </summary>
internal sealed unsafe class GSignalConnection : IDisposable
{
    private readonly GstObjectHandle _instance;
    private ulong _handlerId;

    private GSignalConnection(GstObjectHandle instance, ulong handlerId)
    {
        _instance = instance;
        _handlerId = handlerId;
    }

    /// <summary>
    /// Connects <paramref name="callback"/> (an <c>[UnmanagedCallersOnly]</c> function matching the signal's C
    /// signature, whose last argument is the user data) to <paramref name="detailedSignal"/> of
    /// <paramref name="instance"/>, with a handle to <paramref name="target"/> as user data.
    /// </summary>
    public static GSignalConnection Connect(GstObjectHandle instance, string detailedSignal, void* callback, object target)
    {
        var handle = GCHandle.Alloc(target);
        bool added = false;
        instance.DangerousAddRef(ref added);
        try
        {
            ulong id = GObject.g_signal_connect_data(
                instance.DangerousGetHandle(), detailedSignal, callback, GCHandle.ToIntPtr(handle), &FreeHandle, 0);
            if (id == 0)
            {
                // GLib did not take the data, so its notify will never run.
                handle.Free();
                throw new ArgumentException($"Could not connect to the signal '{detailedSignal}'.", nameof(detailedSignal));
            }

            return new GSignalConnection(instance, id);
        }
        finally
        {
            if (added)
            {
                instance.DangerousRelease();
            }
        }
    }

    /// <summary>The managed target behind the user data a callback received, or null once it was freed.</summary>
    public static T? Target<T>(nint userData)
        where T : class => userData == 0 ? null : GCHandle.FromIntPtr(userData).Target as T;

    public void Dispose()
    {
        ulong id = Interlocked.Exchange(ref _handlerId, 0);
        if (id == 0 || _instance.IsClosed)
        {
            return;
        }

        bool added = false;
        try
        {
            _instance.DangerousAddRef(ref added);
            GObject.g_signal_handler_disconnect(_instance.DangerousGetHandle(), id);
        }
        catch (ObjectDisposedException)
        {
            // The instance was released meanwhile: finalising it disconnected the handler already.
        }
        finally
        {
            if (added)
            {
                _instance.DangerousRelease();
            }
        }
    }

    [UnmanagedCallersOnly]
    private static void FreeHandle(nint data, nint closure) => GCHandle.FromIntPtr(data).Free();
}
