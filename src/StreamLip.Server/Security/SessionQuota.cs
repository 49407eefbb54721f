using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StreamLip.Realtime;
using StreamLip.Server.Hosting;
using StreamLip.Server.Observability;
using StreamLip.Server.Options;

namespace StreamLip.Server.Security;

/// <summary>
/// The per-API-key session limit (<see cref="AuthOptions.MaxSessionsPerKey"/>): whoever starts a session takes a place
/// for its key first and gives it back when the session has stopped. Thread-safe.
/// </summary>
/// <remarks>Every path that starts a session for a caller should go through <see cref="Acquire"/> and <see cref="ReleaseWhenDone"/>.</remarks>
internal sealed class SessionQuota(IOptions<ServerOptions> options, ServerMetrics metrics, ILogger<SessionQuota> logger)
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Most sessions per key.</summary>
    public int Limit => options.Value.Auth.MaxSessionsPerKey ?? options.Value.MaxSessions;

    /// <summary>Sessions held by <paramref name="keyId"/> now.</summary>
    public int CountOf(string keyId) => _counts.TryGetValue(keyId, out int n) ? n : 0;

    /// <summary>Takes a place for <paramref name="keyId"/> (null: a caller without key, not counted).</summary>
    /// <exception cref="SessionLimitException">The key runs <see cref="Limit"/> sessions already (HTTP 429).</exception>
    public void Acquire(string? keyId)
    {
        if (keyId is null)
        {
            return;
        }

        lock (_gate)
        {
            int held = CountOf(keyId);
            if (held >= Limit)
            {
                var refusal = new SessionLimitException($"This API key runs {held} sessions already, the most one key may run at once (StreamLip:Auth:MaxSessionsPerKey = {Limit}). Stop one or try again later.");
                metrics.SessionsRefusedPerKey.Add(1);
                logger.SessionRefusedForKey(keyId, refusal.Message);
                throw refusal;
            }

            _counts[keyId] = held + 1;
        }
    }

    /// <summary>Gives back a place taken by <see cref="Acquire"/>.</summary>
    public void Release(string? keyId)
    {
        if (keyId is null)
        {
            return;
        }

        lock (_gate)
        {
            int held = CountOf(keyId) - 1;
            if (held <= 0)
            {
                _counts.TryRemove(keyId, out _);
            }
            else
            {
                _counts[keyId] = held;
            }
        }
    }

    /// <summary>Gives back <paramref name="keyId"/>'s place once <paramref name="session"/> has stopped.</summary>
    public void ReleaseWhenDone(string? keyId, RealtimeSession session) =>
        _ = session.Completion.ContinueWith(_ => Release(keyId), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
}
