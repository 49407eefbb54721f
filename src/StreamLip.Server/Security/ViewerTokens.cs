using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace StreamLip.Server.Security;

/// <summary>
/// Per-session viewer tokens: whoever holds one may watch that session (open a WebRTC viewer, load /viewer) and do
/// nothing else. Issued when a session is created through the API, revoked when it ends. Thread-safe.
/// </summary>
internal sealed class ViewerTokens
{
    private readonly ConcurrentDictionary<string, byte[]> _tokens = new(StringComparer.Ordinal);

    /// <summary>A new random token for <paramref name="sessionId"/> (replacing any earlier one).</summary>
    public string Issue(string sessionId)
    {
        string token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _tokens[sessionId] = Encoding.UTF8.GetBytes(token);
        return token;
    }

    /// <summary>True when <paramref name="token"/> is the viewer token of <paramref name="sessionId"/> (constant-time compare).</summary>
    public bool Validate(string sessionId, string? token) =>
        token is not null
        && _tokens.TryGetValue(sessionId, out byte[]? expected)
        && CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(token));

    /// <summary>True when <paramref name="token"/> is the viewer token of any running session (compares against each, in constant time).</summary>
    public bool IsIssued(string? token)
    {
        if (token is null)
        {
            return false;
        }

        byte[] candidate = Encoding.UTF8.GetBytes(token);
        bool found = false;
        foreach (byte[] expected in _tokens.Values)
        {
            found |= CryptographicOperations.FixedTimeEquals(expected, candidate);
        }

        return found;
    }

    /// <summary>Forgets the token of a session that ended.</summary>
    public void Revoke(string sessionId) => _tokens.TryRemove(sessionId, out _);
}
