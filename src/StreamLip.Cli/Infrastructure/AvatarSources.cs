using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StreamLip.Avatars;
using StreamLip.Media.Video;

namespace StreamLip.Cli.Infrastructure;

/// <summary>Builds avatars from images and videos, and finds the one a command names.</summary>
internal static class AvatarSources
{
    /// <summary>Decodes <paramref name="source"/>, detects its faces and writes the avatar cache to <paramref name="outputDirectory"/>.</summary>
    public static AvatarManifest Build(string source, string outputDirectory, AvatarBuildOptions options, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"Avatar source {source} does not exist.", source);
        }

        options.Validate();
        // Decoding and detection take the first half of the bar, building the cache the second.
        var decoded = VideoFileDecoder.Decode(
            source,
            new VideoDecodeOptions { DetectFaces = true },
            new Progress<int>(n => progress?.Report(Math.Min(50, n * 0.1))),
            cancellationToken);
        var frames = decoded.Frames.Select(f => new AvatarSourceFrame(f.Bgrx, f.Faces ?? [])).ToList();
        return AvatarBuilder.Build(
            frames,
            decoded.Width,
            decoded.Height,
            source,
            outputDirectory,
            options,
            new Progress<AvatarBuilder.Progress>(p => progress?.Report(50 + (50.0 * p.Done / p.Total))),
            cancellationToken);
    }

    /// <summary>
    /// The avatar a command names: a built avatar directory, or an image/video that is built once into
    /// <c>.cache/avatars</c> (keyed by path, size, time and face size) and reused after.
    /// </summary>
    public static Avatar Resolve(string? pathOrNull, int faceSize, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var path = pathOrNull ?? StreamLipHome.DefaultAvatar;
        if (Directory.Exists(path))
        {
            return Avatar.Load(path, faceSize);
        }

        if (!File.Exists(path))
        {
            throw new AvatarException(pathOrNull is null
                ? $"The built-in avatar is missing at {path}. Run ./streamlip setup to build it."
                : $"Avatar {path} does not exist: give a built avatar directory, an image or a video.");
        }

        var info = new FileInfo(path);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{faceSize}"))))[..16].ToLowerInvariant();
        var cached = Path.Combine(StreamLipHome.AvatarCache, key);
        if (!File.Exists(Path.Combine(cached, "avatar.json")))
        {
            Build(path, cached, new AvatarBuildOptions { FaceSize = faceSize }, progress, cancellationToken);
        }

        return Avatar.Load(cached, faceSize);
    }
}
