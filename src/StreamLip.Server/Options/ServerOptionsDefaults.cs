using Microsoft.Extensions.Options;

namespace StreamLip.Server.Options;

/// <summary>Fills the paths left unset from the project root, and makes relative paths relative to it.</summary>
internal sealed class ServerOptionsDefaults(string home) : IPostConfigureOptions<ServerOptions>
{
    public void PostConfigure(string? name, ServerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            options.ModelPath = StreamLipHome.DefaultModelUnder(home);
        }
        else
        {
            options.ModelPath = Path.GetFullPath(options.ModelPath, home);
        }

        options.AvatarsDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(options.AvatarsDirectory) ? "models/avatars" : options.AvatarsDirectory, home);
        options.WebRoot = Path.GetFullPath(string.IsNullOrWhiteSpace(options.WebRoot) ? "web" : options.WebRoot, home);

        // TensorRT's engine and timing caches: one engine build per model and GPU, kept across starts.
        options.Gpu.TensorRtCacheDirectory = Path.GetFullPath(
            string.IsNullOrWhiteSpace(options.Gpu.TensorRtCacheDirectory) ? Path.Combine(".cache", "tensorrt") : options.Gpu.TensorRtCacheDirectory, home);
    }
}
