using System.Globalization;
using StreamLip.Avatars;
using StreamLip.Avatars.Import;
using StreamLip.Media.Video;

namespace StreamLip.Cli.Infrastructure;

/// <summary>
/// <c>avatar import</c>: a LiveTalking wav2lip avatar folder (<c>data/avatars/&lt;avatar_id&gt;</c>, made by its
/// genavatar.py) into a StreamLip avatar cache. Its frames (<c>full_imgs/</c>, numbered images) and face boxes
/// (<c>coords.pkl</c>) are used as they are — LiveTalking already padded and smoothed the boxes — so no face detector
/// runs. <c>face_imgs/</c> (its crops) is only checked for the frame count and gives the default face size.
/// </summary>
internal static class LiveTalkingImport
{
    public const string FramesFolder = "full_imgs";
    public const string FacesFolder = "face_imgs";
    public const string CoordsFile = "coords.pkl";

    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Imports <paramref name="folder"/> into <paramref name="outputDirectory"/> (replaced only when the import succeeds).</summary>
    /// <param name="folder">The LiveTalking avatar folder.</param>
    /// <param name="outputDirectory">The avatar cache to write.</param>
    /// <param name="faceSize">S of the cached model input; null: the size of LiveTalking's face crops (its <c>--img_size</c>), else 96.</param>
    /// <param name="progress">0..100.</param>
    /// <param name="cancellationToken">Stops between frames.</param>
    /// <returns>The manifest written.</returns>
    public static AvatarManifest Import(string folder, string outputDirectory, int? faceSize, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new AvatarException($"{folder} is not a folder. Give a LiveTalking wav2lip avatar folder (data/avatars/<avatar_id>, holding {FramesFolder}/ and {CoordsFile}).");
        }

        string framesDir = Path.Combine(folder, FramesFolder);
        if (!Directory.Exists(framesDir))
        {
            throw new AvatarException($"{folder} has no {FramesFolder}/ folder: is it a LiveTalking wav2lip avatar (data/avatars/<avatar_id>, made by genavatar.py)?");
        }

        var frames = NumberedImages(framesDir);
        if (frames.Count == 0)
        {
            throw new AvatarException($"{framesDir} holds no numbered images (00000000.png, ...).");
        }

        var boxes = LiveTalkingCoords.Read(Path.Combine(folder, CoordsFile));
        if (boxes.Count != frames.Count)
        {
            throw new AvatarException($"{folder}: {FramesFolder}/ has {frames.Count} frames but {CoordsFile} has {boxes.Count} face boxes; there must be one box per frame.");
        }

        int? faceImageSize = FaceImageSize(folder, frames.Count, cancellationToken);
        int size = faceSize ?? faceImageSize ?? new AvatarBuildOptions().FaceSize;

        int width, height;
        using (var first = OpenImage(frames[0], 0, cancellationToken))
        {
            (width, height) = (first.Width, first.Height);
        }

        return AvatarBuilder.Import(
            frames.Count,
            width,
            height,
            boxes,
            (index, bgrx) => ReadImage(frames[index], index, width, height, bgrx, cancellationToken),
            Path.GetFullPath(folder),
            outputDirectory,
            size,
            new Progress<AvatarBuilder.Progress>(p => progress?.Report(100.0 * p.Done / p.Total)),
            cancellationToken);
    }

    /// <summary>The images of <paramref name="directory"/> named by a frame number (as genavatar.py writes them), in number order.</summary>
    internal static List<string> NumberedImages(string directory)
    {
        var numbered = new SortedDictionary<long, string>();
        foreach (string path in Directory.EnumerateFiles(directory))
        {
            if (!ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
            {
                continue;
            }

            string stem = Path.GetFileNameWithoutExtension(path);
            if (!long.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
            {
                throw new AvatarException($"{path}: LiveTalking names frames by their number (00000000.png, 00000001.png, ...); '{Path.GetFileName(path)}' is not one.");
            }

            if (!numbered.TryAdd(number, path))
            {
                throw new AvatarException($"{directory} has two images for frame {number}: {Path.GetFileName(numbered[number])} and {Path.GetFileName(path)}.");
            }
        }

        return [.. numbered.Values];
    }

    private static int? FaceImageSize(string folder, int frameCount, CancellationToken cancellationToken)
    {
        string facesDir = Path.Combine(folder, FacesFolder);
        if (!Directory.Exists(facesDir))
        {
            return null;
        }

        var faces = NumberedImages(facesDir);
        if (faces.Count != frameCount)
        {
            throw new AvatarException($"{folder}: {FacesFolder}/ has {faces.Count} face crops but {FramesFolder}/ has {frameCount} frames; the folder is incomplete.");
        }

        using var face = OpenImage(faces[0], 0, cancellationToken);
        return face.Width == face.Height ? face.Width : null;
    }

    private static VideoFrameReader OpenImage(string path, int index, CancellationToken cancellationToken)
    {
        try
        {
            return VideoFrameReader.Open(path, null, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new AvatarException($"Frame {index} ({path}) cannot be read as an image: {e.Message}", e);
        }
    }

    private static void ReadImage(string path, int index, int width, int height, Span<byte> bgrx, CancellationToken cancellationToken)
    {
        using var reader = OpenImage(path, index, cancellationToken);
        if (reader.Width != width || reader.Height != height)
        {
            throw new AvatarException($"Frame {index} ({path}) is {reader.Width}×{reader.Height}; frame 0 is {width}×{height}. Every frame of an avatar has the same size.");
        }

        try
        {
            if (!reader.TryReadFrame(bgrx, out _, cancellationToken))
            {
                throw new AvatarException($"Frame {index} ({path}) decodes to no picture.");
            }
        }
        catch (InvalidDataException e)
        {
            throw new AvatarException($"Frame {index} ({path}) cannot be read as an image: {e.Message}", e);
        }
    }
}
