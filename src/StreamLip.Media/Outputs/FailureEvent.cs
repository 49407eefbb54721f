namespace StreamLip.Media.Outputs;

/// <summary>
/// An output's <c>Failed</c> event that cannot be missed: raised once, and a handler added after the failure (a pipeline
/// may fail while it starts, before anyone could subscribe) is called at once on the thread pool with the same error.
/// </summary>
internal sealed class FailureEvent
{
    private readonly Lock _gate = new();
    private Action<Exception>? _handlers;
    private Exception? _error;

    /// <summary>The failure, once raised.</summary>
    public Exception? Error => Volatile.Read(ref _error);

    public void Add(Action<Exception>? handler)
    {
        if (handler is null)
        {
            return;
        }

        Exception? raised;
        lock (_gate)
        {
            raised = _error;
            if (raised is null)
            {
                _handlers += handler;
                return;
            }
        }

        // Off the subscriber's thread: it may be adding the output to a session under a lock.
        ThreadPool.UnsafeQueueUserWorkItem(static s => Invoke(s.Handler, s.Error), (Handler: handler, Error: raised), preferLocal: false);
    }

    public void Remove(Action<Exception>? handler)
    {
        lock (_gate)
        {
            _handlers -= handler;
        }
    }

    /// <summary>Raises the event (first call only) on the calling thread.</summary>
    public void Raise(Exception failure)
    {
        Action<Exception>? toCall;
        lock (_gate)
        {
            if (_error is not null)
            {
                return;
            }

            _error = failure;
            toCall = _handlers;
            _handlers = null;
        }

        if (toCall is not null)
        {
            foreach (Action<Exception> handler in toCall.GetInvocationList().Cast<Action<Exception>>())
            {
                Invoke(handler, failure);
            }
        }
    }

    private static void Invoke(Action<Exception> handler, Exception failure)
    {
        try
        {
            handler(failure);
        }
        catch (Exception)
        {
            // A handler threw on a thread-pool thread: nothing is left to report to, and the others must still run.
        }
    }
}
