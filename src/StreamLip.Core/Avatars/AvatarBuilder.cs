using System.Globalization;
using System.Text.Json;

namespace StreamLip.Avatars;

/// <summary>
/// Turns decoded frames and their detected faces into an avatar cache directory (see <see cref="AvatarManifest"/>):
/// largest face per frame, Wav2Lip pads, 5-frame box smoothing, a breathing loop for a still, and the model input
/// of every frame precomputed, so that loading is a memory map.
/// </summary>
public static class AvatarBuilder
{
    /// <summary>Progress of a build: what is being done, how much of it is done.</summary>
    public readonly record struct Progress(string Stage, int Done, int Total);

    /// <summary>
    /// Builds into <paramref name="outputDirectory"/>. The cache is written next to it first and moved into place
    /// at the end, so a failed or cancelled build leaves the old avatar (if any) as it was and nothing half-written.
    /// </summary>
    /// <param name="frames">Decoded frames, BGRx with stride = width × 4. A single frame is treated as a still.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="source">The file the frames came from (for messages and the manifest).</param>
    /// <param name="outputDirectory">Where the avatar goes.</param>
    /// <param name="options">Build settings; validated here.</param>
    /// <param name="progress">Optional progress sink.</param>
    /// <param name="cancellationToken">Stops the build between frames.</param>
    /// <returns>The manifest written.</returns>
    public static AvatarManifest Build(
        IReadOnlyList<AvatarSourceFrame> frames,
        int width,
        int height,
        string source,
        string outputDirectory,
        AvatarBuildOptions? options = null,
        IProgress<Progress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new AvatarBuildOptions();
        options.Validate();
        if (frames.Count == 0)
        {
            throw new AvatarException($"{source} has no frames.");
        }

        var frameBytes = checked(width * height * 4);
        foreach (var f in frames)
        {
            if (f.Bgrx.Length < frameBytes)
            {
                throw new ArgumentException($"A frame holds {f.Bgrx.Length} bytes; {width}×{height} BGRx needs {frameBytes}.", nameof(frames));
            }
        }

        var boxes = PaddedBoxes(frames, width, height, source, options);
        var still = frames.Count == 1;
        var count = still ? options.StillFrames : frames.Count;
        if (still)
        {
            boxes = [.. Enumerable.Range(0, count).Select(k => Clip(IdleMotion.MapBox(boxes[0], width, height, k, count, options), width, height))];
        }
        else
        {
            boxes = BoxSmoother.Smooth(boxes, options.SmoothingFrames);
        }

        var rendered = still ? new byte[frameBytes] : null;
        FrameSource pixels = rendered is not null
            ? k =>
            {
                IdleMotion.Render(frames[0].Bgrx, rendered, width, height, k, count, options);
                return rendered;
            }
            : k => frames[k].Bgrx.AsSpan(0, frameBytes);
        return WriteCache(outputDirectory, Path.GetFullPath(source), still ? "image" : "video", count, width, height, boxes, options.FaceSize, pixels, progress, cancellationToken);
    }

    /// <summary>
    /// Writes an avatar whose face boxes are already known, e.g. imported from another tool's avatar: no detection,
    /// pads or smoothing; each frame is read once, cropped to the model input and written. Staged and moved into
    /// place like <see cref="Build"/>, so a failed import leaves nothing half-written.
    /// </summary>
    /// <param name="frameCount">Frames of the avatar, played as a forwards-backwards loop.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="boxes">One face box per frame; each must lie inside the frame.</param>
    /// <param name="readFrame">Fills the buffer it is given (width × height × 4 bytes, BGRx) with frame <c>index</c>; called once per frame, in order.</param>
    /// <param name="source">What the frames came from (for messages and the manifest).</param>
    /// <param name="outputDirectory">Where the avatar goes.</param>
    /// <param name="faceSize">S of the model input cached in <c>faces.f32</c>.</param>
    /// <param name="progress">Optional progress sink.</param>
    /// <param name="cancellationToken">Stops the import between frames.</param>
    /// <returns>The manifest written.</returns>
    /// <exception cref="AvatarException">Box count and frame count differ, or a box is empty or outside the frame.</exception>
    public static AvatarManifest Import(
        int frameCount,
        int width,
        int height,
        IReadOnlyList<FaceBox> boxes,
        AvatarFrameReader readFrame,
        string source,
        string outputDirectory,
        int faceSize,
        IProgress<Progress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(readFrame);
        new AvatarBuildOptions { FaceSize = faceSize }.Validate();
        if (frameCount < 1 || width < 1 || height < 1)
        {
            throw new AvatarException($"{source} has no frames to import ({frameCount} frames of {width}×{height}).");
        }

        if (boxes.Count != frameCount)
        {
            throw new AvatarException($"{source} has {frameCount} frames but {boxes.Count} face boxes; there must be one box per frame.");
        }

        for (var i = 0; i < boxes.Count; i++)
        {
            var b = boxes[i];
            if (b.Width <= 0 || b.Height <= 0 || b.X < 0 || b.Y < 0 || b.Right > width || b.Bottom > height)
            {
                throw new AvatarException($"{source}: the face box of frame {i} (x {b.X}..{b.Right}, y {b.Y}..{b.Bottom}) is not inside the {width}×{height} frame.");
            }
        }

        var buffer = new byte[checked(width * height * 4)];
        return WriteCache(outputDirectory, source, "video", frameCount, width, height, [.. boxes], faceSize, k =>
        {
            readFrame(k, buffer);
            return buffer;
        }, progress, cancellationToken);
    }

    private static AvatarManifest WriteCache(
        string outputDirectory,
        string source,
        string kind,
        int count,
        int width,
        int height,
        FaceBox[] boxes,
        int faceSize,
        FrameSource pixels,
        IProgress<Progress>? progress,
        CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(outputDirectory);
        var staging = full.TrimEnd(Path.DirectorySeparatorChar) + ".partial-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        try
        {
            WriteFrames(pixels, count, width, height, boxes, staging, faceSize, progress, cancellationToken);
            var manifest = new AvatarManifest
            {
                Name = Path.GetFileName(full),
                Source = source,
                Kind = kind,
                Width = width,
                Height = height,
                FrameCount = count,
                FaceSize = faceSize,
                Boxes = [.. boxes.Select(b => new[] { b.X, b.Y, b.Width, b.Height })],
                BuiltUtc = DateTimeOffset.UtcNow,
            };
            File.WriteAllText(Path.Combine(staging, Avatar.ManifestFile), JsonSerializer.Serialize(manifest, AvatarJsonContext.Default.AvatarManifest));
            Replace(staging, full);
            return manifest;
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    private static FaceBox[] PaddedBoxes(IReadOnlyList<AvatarSourceFrame> frames, int width, int height, string source, AvatarBuildOptions options)
    {
        var boxes = new FaceBox[frames.Count];
        var missing = new List<int>();
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i].Faces.Count == 0)
            {
                missing.Add(i);
                continue;
            }

            // Several faces: the largest is the speaker.
            var face = frames[i].Faces.MaxBy(b => (long)b.Width * b.Height);
            boxes[i] = Clip(new FaceBox(face.X - options.PadLeft, face.Y - options.PadTop, face.Width + options.PadLeft + options.PadRight, face.Height + options.PadTop + options.PadBottom), width, height);
        }

        if (missing.Count > 0)
        {
            throw new AvatarException(frames.Count == 1
                ? $"No face found in {source}. Use a photo with a frontal face at least 60 pixels wide."
                : $"No face found in {missing.Count} of {frames.Count} frames of {source}: frames {DescribeRanges(missing)} (0-based). Trim those frames or use a video where the face is visible and frontal throughout.");
        }

        return boxes;
    }

    /// <summary>Formats sorted indices as ranges: 3–7, 12, 40–41.</summary>
    internal static string DescribeRanges(IReadOnlyList<int> sorted)
    {
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(i == j ? sorted[i].ToString(CultureInfo.InvariantCulture) : $"{sorted[i]}–{sorted[j]}");
            i = j + 1;
            if (parts.Count == 20 && i < sorted.Count)
            {
                parts.Add("…");
                break;
            }
        }

        return string.Join(", ", parts);
    }

    internal static FaceBox Clip(FaceBox box, int width, int height)
    {
        var x1 = Math.Clamp(box.X, 0, width - 1);
        var y1 = Math.Clamp(box.Y, 0, height - 1);
        var x2 = Math.Clamp(box.Right, x1 + 1, width);
        var y2 = Math.Clamp(box.Bottom, y1 + 1, height);
        return new FaceBox(x1, y1, x2 - x1, y2 - y1);
    }

    private static void WriteFrames(
        FrameSource pixels,
        int count,
        int width,
        int height,
        FaceBox[] boxes,
        string directory,
        int faceSize,
        IProgress<Progress>? progress,
        CancellationToken cancellationToken)
    {
        var face = new float[FaceCropper.InputLength(faceSize)];
        using var frameFile = new FileStream(Path.Combine(directory, Avatar.FramesFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        using var faceFile = new FileStream(Path.Combine(directory, Avatar.FacesFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        for (var k = 0; k < count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frame = pixels(k);
            frameFile.Write(frame);
            FaceCropper.Crop(frame, width, height, boxes[k], faceSize, face);
            faceFile.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(face.AsSpan()));
            progress?.Report(new Progress("frames", k + 1, count));
        }
    }

    private static void Replace(string staging, string target)
    {
        if (Directory.Exists(target))
        {
            var old = target.TrimEnd(Path.DirectorySeparatorChar) + ".old-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            Directory.Move(target, old);
            Directory.Move(staging, target);
            Directory.Delete(old, recursive: true);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(staging, target);
        }
    }

    /// <summary>The BGRx pixels of frame <c>index</c> (width × height × 4 bytes), valid until the next call.</summary>
    private delegate ReadOnlySpan<byte> FrameSource(int index);
}
