using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StreamLip.Avatars;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;

namespace StreamLip.Server.Avatars;

/// <summary>
/// The avatars under <see cref="ServerOptions.AvatarsDirectory"/>: listed from disk, each loaded once on first use (for
/// the model's face size) and shared by every session that shows it. Owns the loaded avatars. Thread-safe.
/// </summary>
internal sealed class AvatarCatalog(IOptions<ServerOptions> options, EngineHost engine, ILogger<AvatarCatalog> logger) : IDisposable
{
    private readonly ServerOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Lazy<Avatar>> _loaded = new(StringComparer.Ordinal);

    /// <summary>The avatar used when a client names none.</summary>
    public string DefaultName => _options.DefaultAvatar;

    /// <summary>The names of the built avatars, sorted.</summary>
    public IReadOnlyList<string> List() =>
        [.. Directory.EnumerateDirectories(_options.AvatarsDirectory!)
            .Where(d => File.Exists(Path.Combine(d, "avatar.json")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(ServerOptionsValidator.IsName)
            .Order(StringComparer.Ordinal)];

    /// <summary>The avatar <paramref name="name"/> (the default when null), loaded on first use.</summary>
    /// <exception cref="AvatarNotFoundException">No such avatar, or the name is not a plain name.</exception>
    /// <exception cref="AvatarException">The avatar's files are broken.</exception>
    public (string Name, Avatar Avatar) Get(string? name)
    {
        name = string.IsNullOrWhiteSpace(name) ? DefaultName : name.Trim();
        string? dir = ServerOptionsValidator.IsName(name) ? Path.Combine(_options.AvatarsDirectory!, name) : null;
        if (dir is null || !File.Exists(Path.Combine(dir, "avatar.json")))
        {
            var known = List();
            throw new AvatarNotFoundException($"No avatar '{name}'. Available: {(known.Count == 0 ? "none (run ./streamlip setup)" : string.Join(", ", known))}.");
        }

        var lazy = _loaded.GetOrAdd(name, n => new Lazy<Avatar>(() => Load(n, dir)));
        try
        {
            return (name, lazy.Value);
        }
        catch
        {
            _loaded.TryRemove(name, out _); // let a rebuilt avatar load next time
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _loaded.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }

        _loaded.Clear();
    }

    private Avatar Load(string name, string dir)
    {
        var avatar = Avatar.Load(dir, engine.Engine.Model.FaceSize, engine.Engine.Framing);
        try
        {
            avatar.CheckInputsFor(engine.Engine.Model);
        }
        catch
        {
            avatar.Dispose();
            throw;
        }

        logger.AvatarLoaded(name, dir, avatar.Width, avatar.Height, avatar.FrameCount, avatar.Framing, avatar.Reframed ? " (framed again from its landmarks for this model)" : "");
        if (avatar.FramingMismatch is { } mismatch)
        {
            logger.AvatarFramingMismatch(name, mismatch);
        }

        return avatar;
    }
}
