using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>
/// A <c>GstPromise</c> whose change function completes a task, so a webrtcbin action signal can be awaited without
/// blocking a thread. Cancelling the token interrupts the promise. Dispose drops this wrapper's reference (after
/// the cancellation registration is gone, so an interrupt never meets a freed promise).
/// </summary>
internal sealed class GstPromise : IDisposable
{
    private readonly TaskCompletionSource<GstPromiseResult> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CancellationTokenRegistration _registration;
    private nint _handle;

    private unsafe GstPromise(CancellationToken cancellationToken)
    {
        var data = GCHandle.Alloc(_completion);
        _handle = Gst.gst_promise_new_with_change_func(&OnChanged, GCHandle.ToIntPtr(data), &FreeData);
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static state => ((GstPromise)state!).Interrupt(), this);
        }
    }

    /// <summary>The promise (this wrapper's reference), to pass to an action signal.</summary>
    public nint Handle => _handle;

    /// <summary>Completes with the promise's result on whichever thread replied (continuations run asynchronously).</summary>
    public Task<GstPromiseResult> Completion => _completion.Task;

    /// <summary>A new pending promise; <paramref name="cancellationToken"/> interrupts it.</summary>
    public static GstPromise Create(CancellationToken cancellationToken) => new(cancellationToken);

    /// <summary>
    /// Waits for the reply and returns its structure (owned by the promise: valid until Dispose), or 0 for an
    /// empty reply. A <c>error</c> field (GError) becomes an exception that starts with <paramref name="what"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The promise was not replied, or the reply carries an error.</exception>
    public async Task<nint> GetReplyAsync(string what, CancellationToken cancellationToken)
    {
        GstPromiseResult result = await Completion.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (result != GstPromiseResult.Replied)
        {
            throw new InvalidOperationException($"{what} was not answered by webrtcbin (promise {result}).");
        }

        nint reply = Gst.gst_promise_get_reply(_handle);
        string? error = reply == 0 ? null : ReadError(reply);
        return error is null ? reply : throw new InvalidOperationException($"{what} failed: {error}");
    }

    public void Dispose()
    {
        _registration.Dispose();
        nint h = Interlocked.Exchange(ref _handle, 0);
        if (h != 0)
        {
            Gst.gst_mini_object_unref(h);
        }
    }

    /// <summary>The message of the reply's <c>error</c> field (a GError the reply owns), or null when it has none.</summary>
    private static unsafe string? ReadError(nint reply)
    {
        nint value = Gst.gst_structure_get_value(reply, "error");
        if (value == 0)
        {
            return null;
        }

        var e = (GError*)GObject.g_value_get_boxed((GValue*)value);
        return e == null ? "no reason given" : GLib.PtrToString(e->Message) ?? "no reason given";
    }

    private void Interrupt()
    {
        nint h = _handle;
        if (h != 0 && !_completion.Task.IsCompleted)
        {
            Gst.gst_promise_interrupt(h);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnChanged(nint promise, nint data)
    {
        // The result is already set when the change function runs, so the wait returns at once.
        var target = GCHandle.FromIntPtr(data).Target as TaskCompletionSource<GstPromiseResult>;
        target?.TrySetResult(Gst.gst_promise_wait(promise));
    }

    [UnmanagedCallersOnly]
    private static void FreeData(nint data)
    {
        var handle = GCHandle.FromIntPtr(data);
        (handle.Target as TaskCompletionSource<GstPromiseResult>)?.TrySetResult(GstPromiseResult.Expired);
        handle.Free();
    }
}
