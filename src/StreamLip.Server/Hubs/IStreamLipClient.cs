using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Server.Hubs;

/// <summary>What the server calls on a page connected to <c>/hub</c>.</summary>
public partial interface IStreamLipClient
{
    /// <summary>A server ICE candidate found after the answer (trickle).</summary>
    Task IceCandidate(string candidate, int sdpMLineIndex);

    /// <summary>The page's session stats, every <c>StatsIntervalMs</c>.</summary>
    Task Stats(SessionStats stats);

    /// <summary>The session failed or was stopped by the server; the message says why.</summary>
    Task Error(string message);

    /// <summary>A cluster lost the node that ran this connection's session: start a new one (placed on a live node).</summary>
    Task SessionLost(string sessionId, string message);

    /// <summary>A watched session (<c>Watch</c>) started feeding an utterance (viewers see it the session's latency later).</summary>
    Task UtteranceStarted(string sessionId, long utteranceId);

    /// <summary>A watched session's utterance ended: played through, or interrupted (also when dropped from the queue).</summary>
    Task UtteranceFinished(string sessionId, long utteranceId, bool interrupted);
}
