using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StreamLip.Avatars;
using StreamLip.Faces.Landmarks;
using StreamLip.Faces.Tracking;
using StreamLip.Media.Video;

namespace StreamLip.Cli.Infrastructure;

/// <summary>Builds avatars from images and videos, and finds the one a command names.</summary>
internal static class AvatarSources
{
    /// <summary>
    /// Decodes <paramref name="source"/>, finds the speaker's face and landmarks in every frame (dlib's HOG detector and
    /// 68-point model, <see cref="FaceFinder"/>) and writes the avatar cache to <paramref name="outputDirectory"/>.
    /// </summary>
    /// <param name="source">An image or a video.</param>
    /// <param name="outputDirectory">Where the avatar goes (replaced when the build succeeds).</param>
    /// <param name="options">Build settings.</param>
    /// <param name="progress">Percent done, 0..100.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <param name="limits">The decode's budgets (frames: every frame is held in memory while faces are found; pixels per
    /// frame, checked from the file's header); the defaults of <see cref="VideoDecodeOptions"/> when null.</param>
    public static AvatarManifest Build(string source, string outputDirectory, AvatarBuildOptions options, IProgress<double>? progress, CancellationToken cancellationToken, VideoDecodeOptions? limits = null)
    {
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"Avatar source {source} does not exist.", source);
        }

        options.Validate();
        // Decoding takes the first fifth of the bar, finding faces the next half, building the cache the rest.
        var decoded = VideoFileDecoder.Decode(
            source,
            limits ?? new VideoDecodeOptions(),
            new Progress<int>(n => progress?.Report(Math.Min(20, n * 0.05))),
            cancellationToken);
        var predictor = ShapePredictor.Load();
        var frames = new List<AvatarSourceFrame>(decoded.Frames.Count);
        using (var finder = new FaceFinder(predictor))
        {
            for (int i = 0; i < decoded.Frames.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                byte[] bgrx = decoded.Frames[i].Bgrx;
                var landmarks = finder.Find(bgrx, decoded.Width, decoded.Height, out var box, still: decoded.Frames.Count == 1);
                frames.Add(new AvatarSourceFrame(bgrx, landmarks is null ? [] : [box], landmarks));
                progress?.Report(20 + (50.0 * (i + 1) / decoded.Frames.Count));
            }
        }

        options.SourceFps = decoded.Fps > 0 ? decoded.Fps : 25;
        return AvatarBuilder.Build(
            frames,
            decoded.Width,
            decoded.Height,
            source,
            outputDirectory,
            options,
            new Progress<AvatarBuilder.Progress>(p => progress?.Report(70 + (30.0 * p.Done / p.Total))),
            cancellationToken);
    }

    /// <summary>
    /// The avatar a command names: a built avatar directory, or an image/video that is built once into
    /// <c>.cache/avatars</c> (keyed by path, size, time, face size and framing) and reused after. Loaded framed as
    /// <paramref name="framing"/> (the model's) when its landmarks allow; see <see cref="Avatar.FramingMismatch"/>.
    /// </summary>
    public static Avatar Resolve(string? pathOrNull, int faceSize, FaceFraming framing, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        string path = pathOrNull ?? StreamLipHome.DefaultAvatar;
        if (Directory.Exists(path))
        {
            return Avatar.Load(path, faceSize, framing);
        }

        if (!File.Exists(path))
        {
            throw new AvatarException(pathOrNull is null
                ? $"The built-in avatar is missing at {path}. Run ./streamlip setup to build it."
                : $"Avatar {path} does not exist: give a built avatar directory, an image or a video.");
        }

        var info = new FileInfo(path);
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{faceSize}|{framing.Name}"))))[..16].ToLowerInvariant();
        string cached = Path.Combine(StreamLipHome.AvatarCache, key);
        if (!File.Exists(Path.Combine(cached, "avatar.json")))
        {
            Build(path, cached, new AvatarBuildOptions { FaceSize = faceSize, Framing = framing }, progress, cancellationToken);
        }

        return Avatar.Load(cached, faceSize, framing);
    }
}
