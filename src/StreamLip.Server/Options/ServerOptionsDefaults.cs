using Microsoft.Extensions.Options;

namespace StreamLip.Server.Options;

/// <summary>Fills the paths left unset from the project root, and makes relative paths relative to it.</summary>
internal sealed class ServerOptionsDefaults(string home) : IPostConfigureOptions<ServerOptions>
{
    /// <summary>The trained demo model, when <c>./streamlip setup</c> or a developer has put it there.</summary>
    public const string DemoModel = "models/streamlip-demo-96.onnx";

    /// <summary>The procedural test generator committed in the repository.</summary>
    public const string TestModel = "models/test/streamlip-test-96.onnx";

    public void PostConfigure(string? name, ServerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            var demo = Path.Combine(home, DemoModel);
            options.ModelPath = File.Exists(demo) ? demo : Path.Combine(home, TestModel);
        }
        else
        {
            options.ModelPath = Path.GetFullPath(options.ModelPath, home);
        }

        options.AvatarsDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(options.AvatarsDirectory) ? "models/avatars" : options.AvatarsDirectory, home);
        options.WebRoot = Path.GetFullPath(string.IsNullOrWhiteSpace(options.WebRoot) ? "web" : options.WebRoot, home);
    }
}
