using StreamLip.Realtime;

namespace StreamLip.Server.Hubs;

/// <summary>What the server calls on a page connected to <c>/hub</c>.</summary>
public interface IStreamLipClient
{
    /// <summary>A server ICE candidate found after the answer (trickle).</summary>
    Task IceCandidate(string candidate, int sdpMLineIndex);

    /// <summary>The page's session stats, every <c>StatsIntervalMs</c>.</summary>
    Task Stats(SessionStats stats);

    /// <summary>The session failed or was stopped by the server; the message says why.</summary>
    Task Error(string message);
}
