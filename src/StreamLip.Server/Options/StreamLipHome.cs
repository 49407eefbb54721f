namespace StreamLip.Server.Options;

/// <summary>
/// The project root the default paths hang off: <c>STREAMLIP_HOME</c> (the launcher sets it), else the first directory
/// above the program that holds <c>StreamLip.sln</c>, else the current directory.
/// </summary>
internal static class StreamLipHome
{
    /// <summary>The environment variable the launcher sets.</summary>
    public const string Variable = "STREAMLIP_HOME";

    /// <summary>Finds the root from the environment and the program's directory.</summary>
    public static string Find()
    {
        var env = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return Path.GetFullPath(env);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamLip.sln")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
