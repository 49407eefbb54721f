using System.Collections.Concurrent;
using StreamLip.Media.Images;

namespace StreamLip.Server.Avatars;

/// <summary>
/// The first frame of each avatar as PNG (<c>GET /api/avatars/{name}/preview.png</c>): what the page shows before a
/// session starts. Encoded once per avatar on first request (a 512² frame: ≈ 20 ms), then served from memory. Thread-safe.
/// </summary>
internal sealed class AvatarPreviews(AvatarCatalog catalog)
{
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _png = new(StringComparer.Ordinal);

    /// <summary>The PNG of avatar <paramref name="name"/>'s first frame.</summary>
    /// <exception cref="AvatarNotFoundException">No such avatar.</exception>
    /// <exception cref="StreamLip.Avatars.AvatarException">The avatar's files are broken.</exception>
    public byte[] Get(string name)
    {
        var (resolved, avatar) = catalog.Get(name);
        var lazy = _png.GetOrAdd(resolved, _ => new Lazy<byte[]>(() => PngWriter.EncodeBgrx(avatar.Frame(0), avatar.Width, avatar.Height)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _png.TryRemove(resolved, out _);
            throw;
        }
    }
}
