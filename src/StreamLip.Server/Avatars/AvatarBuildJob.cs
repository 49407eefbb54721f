namespace StreamLip.Server.Avatars;

/// <summary>
/// One avatar being built from an upload, as <c>GET /api/avatars/builds/{id}</c> shows it. Written by the builder's
/// watcher only; read by anyone (each field is replaced whole, so a reader sees a consistent value per field).
/// </summary>
public sealed class AvatarBuildJob(string id, string name)
{
    /// <summary>The build's id (in the status URL).</summary>
    public string Id { get; } = id;

    /// <summary>The avatar it makes.</summary>
    public string Name { get; } = name;

    /// <summary><c>running</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public string State { get; internal set; } = "running";

    /// <summary>Percent done, 0..100.</summary>
    public double Progress { get; internal set; }

    /// <summary>What happened: the builder's summary when it succeeded, why when it failed.</summary>
    public string? Message { get; internal set; }

    /// <summary>What the builder reported besides progress: faceless stretches and how each was filled or trimmed.</summary>
    public IReadOnlyList<string> Report { get; internal set; } = [];
}
