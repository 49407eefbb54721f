namespace StreamLip.Cli.Infrastructure;

/// <summary>
/// Where the project's files are: <c>STREAMLIP_HOME</c> (set by the launcher), else the first directory above the
/// program that holds <c>StreamLip.sln</c>.
/// </summary>
internal static class StreamLipHome
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The project root.</summary>
    public static string Path => Root.Value;

    /// <summary>The built-in avatar, made by <c>./streamlip setup</c>.</summary>
    public static string DefaultAvatar => System.IO.Path.Combine(Path, "models", "avatars", "astronaut");

    /// <summary>The model used when none is given.</summary>
    public static string DefaultModel => System.IO.Path.Combine(Path, "models", "test", "streamlip-test-96.onnx");

    /// <summary>Avatars built on the fly from an image or video given to <c>render --avatar</c>.</summary>
    public static string AvatarCache => System.IO.Path.Combine(Path, ".cache", "avatars");

    private static string Find()
    {
        var env = Environment.GetEnvironmentVariable("STREAMLIP_HOME");
        if (!string.IsNullOrEmpty(env))
        {
            return System.IO.Path.GetFullPath(env);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "StreamLip.sln")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
