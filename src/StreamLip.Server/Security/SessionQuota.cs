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
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal); // session id → key id
    private readonly Lock _gate = new();

    /// <summary>Most sessions per key; null: no limit of its own (the server's MaxSessions applies to all keys together).</summary>
    public int? Limit => options.Value.Auth.MaxSessionsPerKey;

    /// <summary>Sessions held by <paramref name="keyId"/> now.</summary>
    public int CountOf(string keyId) => _counts.TryGetValue(keyId, out int n) ? n : 0;

    /// <summary>Takes a place for <paramref name="keyId"/> (null: a caller without key, not counted).</summary>
    /// <exception cref="SessionLimitException">The key runs <see cref="Limit"/> sessions already (HTTP 429).</exception>
    public void Acquire(string? keyId)
    {
        if (keyId is null || Limit is null)
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
        if (keyId is null || Limit is null)
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

    /// <summary>Gives back <paramref name="keyId"/>'s place once <paramref name="session"/> has stopped (or when
    /// <see cref="ReleaseSession"/> is called for it first, whichever comes first; only once).</summary>
    public void ReleaseWhenDone(string? keyId, RealtimeSession session)
    {
        if (keyId is null || Limit is null)
        {
            return;
        }

        _owners[session.Id] = keyId;
        _ = session.Completion.ContinueWith(_ => ReleaseSession(session.Id), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>The session has stopped: its key's place is free now (the completion's continuation may run later).</summary>
    public void ReleaseSession(string sessionId)
    {
        if (_owners.TryRemove(sessionId, out string? keyId))
        {
            Release(keyId);
        }
    }
}
