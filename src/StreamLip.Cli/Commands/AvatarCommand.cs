using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using StreamLip.Avatars;
using StreamLip.Cli.Infrastructure;
using StreamLip.Media.Video;

namespace StreamLip.Cli.Commands;

/// <summary><c>avatar build</c>, <c>avatar import</c> and <c>avatar info</c>.</summary>
internal static class AvatarCommand
{
    public static Command Create()
    {
        var source = new Argument<FileInfo>("source") { Description = "An image (png, jpg) or a video of a face." };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Directory to write the avatar to (replaced when the build succeeds).", Required = true };
        var faceSize = new Option<int>("--face-size") { Description = "Side of the model's face crop in pixels (96 for Wav2Lip).", DefaultValueFactory = _ => 96 };
        var pads = new Option<int[]>("--pads") { Description = "Pixels added to the detected face box: top bottom left right (Wav2Lip's --pads).", DefaultValueFactory = _ => [0, 10, 0, 0], AllowMultipleArgumentsPerToken = true, Arity = new ArgumentArity(4, 4) };
        var stillFrames = new Option<int>("--still-frames") { Description = "Frames of idle motion made from a still image (played forwards then backwards).", DefaultValueFactory = _ => 50 };
        var maxGap = new Option<double>("--max-gap") { Description = "Longest stretch without a face, in seconds, that is filled from the frames either side.", DefaultValueFactory = _ => 1.0 };
        var trimFaceless = new Option<bool>("--trim-faceless") { Description = "Drop stretches without a face longer than --max-gap instead of failing." };
        var framing = new Option<string>("--framing") { Description = "How the face box is cut from the landmarks: haar (the built-in model's) or wav2lip (official Wav2Lip checkpoints'). A model with another framing frames the avatar again when it loads it.", DefaultValueFactory = _ => FaceFraming.Haar.Name };
        framing.AcceptOnlyFromAmong([.. FaceFraming.All.Select(f => f.Name)]);
        var maxFrames = new Option<int>("--max-frames") { Description = "Refuse a video of more frames than this (every frame is held in memory while the faces are found).", DefaultValueFactory = _ => 1500 };
        var maxPixels = new Option<long>("--max-pixels") { Description = "Refuse an image or video whose frames have more pixels (width × height) than this, from the file's header, before decoding.", DefaultValueFactory = _ => new VideoDecodeOptions().MaxPixels };
        var progressLines = new Option<bool>("--progress-lines") { Description = "Report progress as 'progress PERCENT' lines on standard output (for programs, e.g. the server's avatar creator), not as a bar." };
        var build = new Command("build", "Build an avatar: find the face and its landmarks in every frame, fill short gaps, smooth, precompute the model input, cache it on disk.") { source, output, faceSize, pads, framing, stillFrames, maxGap, trimFaceless, maxFrames, maxPixels, progressLines };
        build.SetAction((parse, ct) => CliRunner.RunAsync(async () =>
        {
            int[] p = parse.GetValue(pads)!;
            double gap = parse.GetValue(maxGap);
            if (!double.IsFinite(gap) || gap is < 0 or > 40)
            {
                throw new CliException($"--max-gap must be 0 to 40 seconds, not {gap.ToString(CultureInfo.InvariantCulture)}.");
            }

            var options = new AvatarBuildOptions { FaceSize = parse.GetValue(faceSize), PadTop = p[0], PadBottom = p[1], PadLeft = p[2], PadRight = p[3], StillFrames = parse.GetValue(stillFrames), MaxGapSeconds = gap, TrimFaceless = parse.GetValue(trimFaceless), Framing = FaceFraming.Parse(parse.GetValue(framing)!) };
            var src = parse.GetValue(source)!;
            var dir = parse.GetValue(output)!;
            var watch = Stopwatch.StartNew();
            int frameLimit = parse.GetValue(maxFrames);
            if (frameLimit < 1)
            {
                throw new CliException($"--max-frames must be at least 1, not {frameLimit}.");
            }

            long pixelLimit = parse.GetValue(maxPixels);
            if (pixelLimit < 1)
            {
                throw new CliException($"--max-pixels must be at least 1, not {pixelLimit}.");
            }

            var limits = new VideoDecodeOptions { MaxFrames = frameLimit, MaxPixels = pixelLimit };

            var manifest = parse.GetValue(progressLines)
                ? AvatarSources.Build(src.FullName, dir.FullName, options, new ProgressLines(), ct, limits)
                : await ConsoleProgress.RunAsync("Building avatar", 100, progress => Task.FromResult(AvatarSources.Build(src.FullName, dir.FullName, options, progress, ct, limits))).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Built avatar {dir.FullName}: {manifest.Kind}, {manifest.FrameCount} frames of {manifest.Width}×{manifest.Height}, face {manifest.FaceSize} px, framing {manifest.FramingName}, first box {string.Join(',', manifest.Boxes[0])}, {(manifest.LandmarkCount > 0 ? $"{manifest.LandmarkCount} landmarks per frame" : "no landmarks")}, in {watch.Elapsed.TotalSeconds:F1} s."));
            PrintFaceless(manifest);
            return ExitCodes.Ok;
        }));

        var folder = new Argument<DirectoryInfo>("folder") { Description = "A LiveTalking wav2lip avatar folder (data/avatars/<avatar_id>: full_imgs/, face_imgs/, coords.pkl)." };
        var importOutput = new Option<DirectoryInfo>("--out", "-o") { Description = "Directory to write the avatar to (replaced when the import succeeds).", Required = true };
        var importFaceSize = new Option<int?>("--face-size") { Description = "Side of the cached model input in pixels. Default: the size of the folder's face_imgs (LiveTalking's --img_size), else 96." };
        var import = new Command("import", "Import a LiveTalking wav2lip avatar: its frames and face boxes as they are, no face detection.") { folder, importOutput, importFaceSize };
        import.SetAction((parse, ct) => CliRunner.RunAsync(async () =>
        {
            var src = parse.GetValue(folder)!;
            var dir = parse.GetValue(importOutput)!;
            var watch = Stopwatch.StartNew();
            var m = await ConsoleProgress.RunAsync("Importing avatar", 100, progress => Task.FromResult(LiveTalkingImport.Import(src.FullName, dir.FullName, parse.GetValue(importFaceSize), progress, ct))).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Imported avatar {dir.FullName} from {src.FullName}: {m.FrameCount} frames of {m.Width}×{m.Height}, face {m.FaceSize} px, first box {string.Join(',', m.Boxes[0])}, in {watch.Elapsed.TotalSeconds:F1} s."));
            return ExitCodes.Ok;
        }));

        var dirArg = new Argument<DirectoryInfo>("directory") { Description = "A built avatar directory." };
        var info = new Command("info", "Show what a built avatar holds and how long it takes to load.") { dirArg };
        info.SetAction(parse => CliRunner.Run(() =>
        {
            var watch = Stopwatch.StartNew();
            using var avatar = Avatar.Load(parse.GetValue(dirArg)!.FullName);
            var loaded = watch.Elapsed;
            var m = avatar.Manifest;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{avatar.Directory}: {m.Kind} from {m.Source}, {m.FrameCount} frames of {m.Width}×{m.Height}, face {m.FaceSize} px, framing {m.FramingName} (pads {string.Join(' ', m.Pads ?? [0, 10, 0, 0])}), {(m.LandmarkCount > 0 ? $"{m.LandmarkCount} landmarks per frame" : "no landmarks")}, loaded in {loaded.TotalMilliseconds:F0} ms."));
            PrintFaceless(m);
            return ExitCodes.Ok;
        }));

        return new Command("avatar", "Build, import and inspect avatars.") { build, import, info };
    }

    /// <summary>One line per faceless stretch of the source: which frames, and how they were filled or that they were dropped.</summary>
    private static void PrintFaceless(AvatarManifest manifest)
    {
        if (manifest.FacelessFrames.Count == 0)
        {
            return;
        }

        int filled = manifest.FacelessFrames.Where(s => s.Handling != FacelessStretch.Trimmed).Sum(s => s.Length);
        int trimmed = manifest.FacelessFrames.Where(s => s.Handling == FacelessStretch.Trimmed).Sum(s => s.Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"No face found in {filled + trimmed} of {manifest.SourceFrameCount} source frames: {filled} filled from the frames either side, {trimmed} trimmed."));
        foreach (var s in manifest.FacelessFrames)
        {
            string what = s.Handling switch
            {
                FacelessStretch.Interpolated => "filled: interpolated between the faces either side",
                FacelessStretch.Held => "filled: the nearest face held",
                _ => "trimmed",
            };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(s.First == s.Last ? $"frame {s.First}" : $"frames {s.First}–{s.Last}")}: {what}"));
        }
    }
}
