namespace StreamLip;

/// <summary>
/// The project root the default paths hang off: <c>STREAMLIP_HOME</c> (the launcher sets it), else the first directory
/// above the program that holds <c>StreamLip.sln</c>, else the current directory.
/// </summary>
public static class StreamLipHome
{
    /// <summary>The environment variable the launcher sets.</summary>
    public const string Variable = "STREAMLIP_HOME";

    /// <summary>The trained demo model, relative to the root: the default of <c>render</c> and <c>serve</c>.</summary>
    public const string DemoModel = "models/streamlip-demo-96.onnx";

    /// <summary>The procedural test model, relative to the root: the fallback when the demo model is absent.</summary>
    public const string TestModel = "models/test/streamlip-test-96.onnx";

    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The root, found once.</summary>
    public static string Path => Root.Value;

    /// <summary>The model used when none is given: the demo model if present, else the test model.</summary>
    public static string DefaultModel => DefaultModelUnder(Path);

    /// <summary>The built-in avatar, made by <c>./streamlip setup</c>.</summary>
    public static string DefaultAvatar => System.IO.Path.Combine(Path, "models", "avatars", "astronaut");

    /// <summary>Avatars built on the fly from an image or video given to <c>render --avatar</c>.</summary>
    public static string AvatarCache => System.IO.Path.Combine(Path, ".cache", "avatars");

    /// <summary>The default model under <paramref name="root"/>.</summary>
    public static string DefaultModelUnder(string root)
    {
        string demo = System.IO.Path.Combine(root, DemoModel);
        return File.Exists(demo) ? demo : System.IO.Path.Combine(root, TestModel);
    }

    /// <summary>Finds the root from the environment and the program's directory.</summary>
    public static string Find()
    {
        string? env = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(env))
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
