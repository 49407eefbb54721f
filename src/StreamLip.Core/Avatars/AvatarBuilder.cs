using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace StreamLip.Avatars;

/// <summary>
/// Turns decoded frames and their faces into an avatar cache directory (see <see cref="AvatarManifest"/>): the
/// speaker's face per frame (framed from its landmarks, or the largest detected box), short faceless gaps filled,
/// long ones refused or trimmed, Wav2Lip pads, 5-frame smoothing, a breathing loop for a still, and the model input
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

        int frameBytes = checked(width * height * 4);
        foreach (var f in frames)
        {
            if (f.Bgrx.Length < frameBytes)
            {
                throw new ArgumentException($"A frame holds {f.Bgrx.Length} bytes; {width}×{height} BGRx needs {frameBytes}.", nameof(frames));
            }
        }

        bool still = frames.Count == 1;
        var track = FaceTrack.Follow(Observe(frames), options.MaxGapFrames, options.TrimFaceless, source, options.SourceFps > 0 ? options.SourceFps : 25);
        var (boxes, landmarks) = Frame(track, width, height, options);
        int count = still ? options.StillFrames : boxes.Length;
        if (still)
        {
            var (box, points) = (boxes[0], landmarks?[0]);
            boxes = [.. Enumerable.Range(0, count).Select(k => Clip(IdleMotion.MapBox(box, width, height, k, count, options), width, height))];
            landmarks = points is null ? null : [.. Enumerable.Range(0, count).Select(k => points.Select(p => IdleMotion.MapPoint(p, width, height, k, count, options)).ToArray())];
        }

        byte[]? rendered = still ? new byte[frameBytes] : null;
        FrameSource pixels = rendered is not null
            ? k =>
            {
                IdleMotion.Render(frames[0].Bgrx, rendered, width, height, k, count, options);
                return rendered;
            }
            : k => frames[track.SourceFrames[k]].Bgrx.AsSpan(0, frameBytes);
        string framing = landmarks is null ? AvatarManifest.DetectorFraming : options.Framing.Name;
        var layout = new CacheLayout
        {
            Kind = still ? "image" : "video",
            Count = count,
            Width = width,
            Height = height,
            Boxes = boxes,
            Landmarks = landmarks,
            SourceFrames = frames.Count,
            Stretches = track.Stretches,
            Framing = framing,
            Pads = [options.PadTop, options.PadBottom, options.PadLeft, options.PadRight],
        };
        return WriteCache(outputDirectory, Path.GetFullPath(source), layout, options.FaceSize, pixels, progress, cancellationToken);
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

        for (int i = 0; i < boxes.Count; i++)
        {
            var b = boxes[i];
            if (b.Width <= 0 || b.Height <= 0 || b.X < 0 || b.Y < 0 || b.Right > width || b.Bottom > height)
            {
                throw new AvatarException($"{source}: the face box of frame {i} (x {b.X}..{b.Right}, y {b.Y}..{b.Bottom}) is not inside the {width}×{height} frame.");
            }
        }

        byte[] buffer = new byte[checked(width * height * 4)];
        return WriteCache(outputDirectory, source, new CacheLayout
        {
            Kind = "video",
            Count = frameCount,
            Width = width,
            Height = height,
            Boxes = [.. boxes],
            Landmarks = null,
            SourceFrames = frameCount,
            Stretches = [],
            Framing = FaceFraming.Wav2Lip.Name,
            Pads = null,
        }, faceSize, k =>
        {
            readFrame(k, buffer);
            return buffer;
        }, progress, cancellationToken);
    }

    private static AvatarManifest WriteCache(
        string outputDirectory,
        string source,
        CacheLayout layout,
        int faceSize,
        FrameSource pixels,
        IProgress<Progress>? progress,
        CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(outputDirectory);
        string staging = full.TrimEnd(Path.DirectorySeparatorChar) + ".partial-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        try
        {
            // Every video encoder the outputs use (x264, VP8, the virtual camera's I420) needs even sides: a source of
            // odd width or height gets its last column or row repeated once. Boxes and landmarks do not move.
            if ((layout.Width | layout.Height) % 2 != 0)
            {
                (pixels, layout) = (EvenSides(pixels, layout.Width, layout.Height), layout with { Width = layout.Width + (layout.Width % 2), Height = layout.Height + (layout.Height % 2) });
            }

            WriteFrames(pixels, layout.Count, layout.Width, layout.Height, layout.Boxes, staging, faceSize, progress, cancellationToken);
            if (layout.Landmarks is not null)
            {
                WriteLandmarks(layout.Landmarks, Path.Combine(staging, Avatar.LandmarksFile));
            }

            var manifest = new AvatarManifest
            {
                Name = Path.GetFileName(full),
                Source = source,
                Kind = layout.Kind,
                Width = layout.Width,
                Height = layout.Height,
                FrameCount = layout.Count,
                FaceSize = faceSize,
                Boxes = [.. layout.Boxes.Select(b => new[] { b.X, b.Y, b.Width, b.Height })],
                LandmarkCount = layout.Landmarks is null ? 0 : FaceFraming.LandmarkCount,
                SourceFrameCount = layout.SourceFrames,
                FacelessFrames = layout.Stretches,
                Framing = layout.Framing,
                Pads = layout.Pads,
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

    /// <summary>The speaker's face in each frame: from its landmarks when given, else the largest detected box; null when none.</summary>
    private static FaceObservation?[] Observe(IReadOnlyList<AvatarSourceFrame> frames)
    {
        var observed = new FaceObservation?[frames.Count];
        // Landmark framing only when every frame with a face has landmarks: one rule for the whole avatar.
        bool landmarks = frames.All(f => f.Landmarks is not null || f.Faces.Count == 0) && frames.Any(f => f.Landmarks is not null);
        for (int i = 0; i < frames.Count; i++)
        {
            var f = frames[i];
            if (landmarks && f.Landmarks is { } points)
            {
                // The tracking box; the avatar's boxes are framed later from the smoothed landmarks.
                observed[i] = new FaceObservation(FaceFraming.Haar.FromLandmarks(points), points);
            }
            else if (!landmarks && f.Faces.Count > 0)
            {
                // Several faces: the largest is the speaker.
                observed[i] = new FaceObservation(f.Faces.MaxBy(b => (long)b.Width * b.Height), null);
            }
        }

        return observed;
    }

    /// <summary>
    /// The padded, clipped, smoothed box of every kept frame, and the smoothed landmarks when there are some. With
    /// landmarks the box is framed from landmarks averaged over a centred window (no lag); without, detector boxes are
    /// smoothed as Wav2Lip does. Smoothing stops at trimmed cuts.
    /// </summary>
    private static (FaceBox[] Boxes, Vector2[][]? Landmarks) Frame(FaceTrack track, int width, int height, AvatarBuildOptions options)
    {
        var faces = track.Faces;
        var boxes = new FaceBox[faces.Length];
        var landmarks = faces[0].Landmarks is null ? null : new Vector2[faces.Length][];
        foreach (var (start, end) in track.Segments())
        {
            if (landmarks is not null)
            {
                LandmarkSmoother.Smooth(faces, start, end, options.SmoothingFrames, landmarks);
                for (int k = start; k < end; k++)
                {
                    boxes[k] = Pad(options.Framing.FromLandmarks(landmarks[k]), width, height, options);
                }
            }
            else
            {
                var padded = new FaceBox[end - start];
                for (int k = start; k < end; k++)
                {
                    padded[k - start] = Pad(faces[k].Box, width, height, options);
                }

                BoxSmoother.Smooth(padded, options.SmoothingFrames).CopyTo(boxes, start);
            }
        }

        return (boxes, landmarks);
    }

    private static FaceBox Pad(FaceBox face, int width, int height, AvatarBuildOptions options) =>
        Pad(face, width, height, [options.PadTop, options.PadBottom, options.PadLeft, options.PadRight]);

    /// <summary>The box grown by <paramref name="pads"/> (top, bottom, left, right pixels) and clipped to the frame.</summary>
    internal static FaceBox Pad(FaceBox face, int width, int height, ReadOnlySpan<int> pads) =>
        Clip(new FaceBox(face.X - pads[2], face.Y - pads[0], face.Width + pads[2] + pads[3], face.Height + pads[0] + pads[1]), width, height);

    /// <summary>Formats sorted indices as ranges: 3–7, 12, 40–41.</summary>
    internal static string DescribeRanges(IReadOnlyList<int> sorted)
    {
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
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
        int x1 = Math.Clamp(box.X, 0, width - 1);
        int y1 = Math.Clamp(box.Y, 0, height - 1);
        int x2 = Math.Clamp(box.Right, x1 + 1, width);
        int y2 = Math.Clamp(box.Bottom, y1 + 1, height);
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
        float[] face = new float[FaceCropper.InputLength(faceSize)];
        using var frameFile = new FileStream(Path.Combine(directory, Avatar.FramesFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        using var faceFile = new FileStream(Path.Combine(directory, Avatar.FacesFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        for (int k = 0; k < count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frame = pixels(k);
            frameFile.Write(frame);
            FaceCropper.Crop(frame, width, height, boxes[k], faceSize, face);
            faceFile.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(face.AsSpan()));
            progress?.Report(new Progress("frames", k + 1, count));
        }
    }

    /// <summary>The frames of <paramref name="pixels"/> with the last column and/or row repeated to make both sides even.</summary>
    private static FrameSource EvenSides(FrameSource pixels, int width, int height)
    {
        int evenWidth = width + (width % 2), evenHeight = height + (height % 2);
        byte[] padded = new byte[evenWidth * evenHeight * 4];
        return k =>
        {
            var frame = pixels(k);
            for (int y = 0; y < evenHeight; y++)
            {
                var source = frame.Slice(Math.Min(y, height - 1) * width * 4, width * 4);
                var target = padded.AsSpan(y * evenWidth * 4, evenWidth * 4);
                source.CopyTo(target);
                if (evenWidth != width)
                {
                    source[^4..].CopyTo(target[^4..]);
                }
            }

            return padded;
        };
    }

    private static void WriteLandmarks(Vector2[][] landmarks, string path)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        foreach (var points in landmarks)
        {
            file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(points.AsSpan()));
        }
    }

    private static void Replace(string staging, string target)
    {
        if (Directory.Exists(target))
        {
            string old = target.TrimEnd(Path.DirectorySeparatorChar) + ".old-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
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

    /// <summary>What a cache holds besides its pixels.</summary>
    private sealed record CacheLayout
    {
        public required string Kind { get; init; }

        public required int Count { get; init; }

        public required int Width { get; init; }

        public required int Height { get; init; }

        public required FaceBox[] Boxes { get; init; }

        public Vector2[][]? Landmarks { get; init; }

        public required int SourceFrames { get; init; }

        public required List<FacelessStretch> Stretches { get; init; }

        public required string Framing { get; init; }

        public int[]? Pads { get; init; }
    }
}
