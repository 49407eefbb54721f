namespace StreamLip.Cli.Tests.Infrastructure;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repo
{
    public static string Root { get; } = StreamLipHome.Find();

    public static string BuiltInAvatar => Path.Combine(Root, "models", "avatars", "astronaut");

    public static string Astronaut => Path.Combine(Root, ".cache", "astronaut.png");

    /// <summary>The built-in avatar; fails (never skips) with what to run when set-up has not made it.</summary>
    public static string RequireBuiltInAvatar()
    {
        Assert.True(File.Exists(Path.Combine(BuiltInAvatar, "avatar.json")), $"The built-in avatar is missing at {BuiltInAvatar}: run ./streamlip setup.");
        return BuiltInAvatar;
    }

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "streamlip-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
