using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Server.Outputs;

/// <summary>The outputs <see cref="OutputManager"/> added to one session (thread-safe).</summary>
internal sealed class SessionOutputs
{
    private readonly Lock _gate = new();
    private readonly List<OutputEntry> _entries = [];
    private bool _hooked;

    public IReadOnlyList<OutputEntry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public bool TryAdd(OutputEntry entry, int max)
    {
        lock (_gate)
        {
            if (_entries.Count >= max)
            {
                return false;
            }

            _entries.Add(entry);
            return true;
        }
    }

    /// <summary>True the first time: the caller subscribes to the session's events once.</summary>
    public bool Hook()
    {
        lock (_gate)
        {
            bool first = !_hooked;
            _hooked = true;
            return first;
        }
    }

    public OutputEntry? Find(string id)
    {
        lock (_gate)
        {
            return _entries.Find(e => e.Id == id);
        }
    }

    public void Remove(string id)
    {
        lock (_gate)
        {
            _entries.RemoveAll(e => e.Id == id);
        }
    }

    public OutputEntry? RemoveSink(IMediaSink sink)
    {
        lock (_gate)
        {
            OutputEntry? entry = _entries.Find(e => ReferenceEquals(e.Sink, sink));
            if (entry is not null)
            {
                _entries.Remove(entry);
            }

            return entry;
        }
    }
}
