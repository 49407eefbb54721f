using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StreamLip.Server.Options;

namespace StreamLip.Server.Security;

/// <summary>
/// The API keys this server accepts: those configured (<see cref="AuthOptions.ApiKeys"/>, <c>STREAMLIP_API_KEYS</c>), or
/// else one made at start (<see cref="Generated"/>). Keys are kept only as SHA-256 digests and compared in constant time,
/// so neither a key's content nor its length leaks through timing. Thread-safe (immutable).
/// </summary>
internal sealed class ApiKeys
{
    private readonly (byte[] Digest, string Id)[] _keys;

    public ApiKeys(IOptions<ServerOptions> options)
    {
        var configured = options.Value.Auth.ApiKeys;
        if (configured.Count == 0)
        {
            // 192 random bits, hex so that it survives URLs and shells unquoted.
            Generated = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            _keys = [(Digest(Generated), "generated")];
        }
        else
        {
            _keys = [.. configured.Select(k => (Digest(k), Fingerprint(k)))];
        }
    }

    /// <summary>The key made at start because none was configured (print it once); null when keys are configured.</summary>
    public string? Generated { get; }

    /// <summary>How many keys are accepted.</summary>
    public int Count => _keys.Length;

    /// <summary>
    /// The id of the key <paramref name="token"/> is (<c>generated</c>, or <c>key-</c> and 8 hex digits of its SHA-256:
    /// safe to log and to count sessions by), or null. Every key is compared, always, in constant time.
    /// </summary>
    public string? Match(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Digest(token, digest);
        string? id = null;
        foreach (var (expected, keyId) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(expected, digest))
            {
                id = keyId;
            }
        }

        return id;
    }

    /// <summary>The log-safe id of a configured key.</summary>
    public static string Fingerprint(string key) => "key-" + Convert.ToHexStringLower(Digest(key))[..8];

    private static byte[] Digest(string key)
    {
        byte[] digest = new byte[SHA256.HashSizeInBytes];
        Digest(key, digest);
        return digest;
    }

    private static void Digest(string key, Span<byte> digest) => SHA256.HashData(Encoding.UTF8.GetBytes(key), digest);
}
