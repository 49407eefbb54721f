namespace StreamLip.Server.Options;

/// <summary>Avatars made from uploads (section <c>StreamLip:AvatarCreator</c>, <c>POST /api/avatars</c>).</summary>
public sealed class AvatarCreatorOptions
{
    /// <summary>Largest uploaded photo or video, bytes. Default 100 MiB.</summary>
    public int MaxUploadBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>
    /// Most frames of an uploaded video (the builder holds every frame in memory while it finds the faces: 750 frames of
    /// 1280×720 are 2.8 GB). Default 750 (30 s at 25 fps).
    /// </summary>
    public int MaxFrames { get; set; } = 750;

    /// <summary>
    /// Most pixels (width × height) in a frame of an uploaded photo or video, checked from the file's header before
    /// anything is decoded. Default 8,294,400 (3840 × 2160, 4K UHD).
    /// </summary>
    public long MaxPixels { get; set; } = 3840L * 2160;

    /// <summary>Longest a build may take, seconds, before it is stopped. Default 300.</summary>
    public int TimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// The program that builds (its own process, so a file that crashes it costs one build, never the sessions).
    /// Null: <c>dotnet</c> running the CLI (<c>streamlip.dll</c>) beside the server, or the repository's build of it.
    /// </summary>
    public string? BuilderExecutable { get; set; }

    /// <summary>Arguments put before <c>avatar build SOURCE --out DIR ...</c> when <see cref="BuilderExecutable"/> is set.</summary>
    public string[] BuilderArguments { get; set; } = [];

    /// <summary>Checks the settings; <paramref name="check"/> records each failure (ok, key, message).</summary>
    internal void Validate(Action<bool, string, string> check)
    {
        check(MaxUploadBytes is >= 1024 and <= 1024 * 1024 * 1024, "AvatarCreator:MaxUploadBytes", $"is {MaxUploadBytes}; it must be 1 KiB..1 GiB");
        check(MaxFrames is >= 1 and <= 15_000, "AvatarCreator:MaxFrames", $"is {MaxFrames}; it must be 1..15000");
        check(MaxPixels is >= 64 * 64 and <= 1L << 28, "AvatarCreator:MaxPixels", $"is {MaxPixels}; it must be 4096..268435456");
        check(TimeoutSeconds is >= 5 and <= 7200, "AvatarCreator:TimeoutSeconds", $"is {TimeoutSeconds}; it must be 5..7200");
    }
}
