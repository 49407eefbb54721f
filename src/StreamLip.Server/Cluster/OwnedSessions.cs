using System.Collections.Concurrent;

namespace StreamLip.Server.Cluster;

/// <summary>
/// This node's sessions that came in through a hub connection, with the node the connection is on: when that node dies
/// its connections are gone, and so is anyone to watch these sessions (<see cref="MembershipWatcher"/> stops them).
/// </summary>
internal sealed class OwnedSessions
{
    private readonly ConcurrentDictionary<string, (string FrontDoor, string ConnectionId)> _sessions = new(StringComparer.Ordinal);

    public void Add(string sessionId, string frontDoor, string? connectionId)
    {
        if (connectionId is not null)
        {
            _sessions[sessionId] = (frontDoor, connectionId);
        }
    }

    public void Remove(string sessionId) => _sessions.TryRemove(sessionId, out _);

    /// <summary>The sessions whose hub connection was on <paramref name="frontDoor"/> (removed from here).</summary>
    public IReadOnlyList<string> TakeCameThrough(string frontDoor)
    {
        var ids = _sessions.Where(p => p.Value.FrontDoor == frontDoor).Select(p => p.Key).ToList();
        ids.ForEach(Remove);
        return ids;
    }
}
