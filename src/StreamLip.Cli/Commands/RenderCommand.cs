using System.CommandLine;
using System.Globalization;
using StreamLip.Audio;
using StreamLip.Avatars;
using StreamLip.Cli.Infrastructure;
using StreamLip.Media.Audio;
using StreamLip.Media.Muxing;
using StreamLip.Onnx;
using StreamLip.Rendering;

namespace StreamLip.Cli.Commands;

/// <summary><c>render</c>: an audio file and an avatar in, a lip-synced 25 fps H.264 + AAC MP4 out.</summary>
internal static class RenderCommand
{
    /// <summary>Sample rate of the audio written to the MP4 (the model hears 16 kHz; the viewer gets this).</summary>
    private const int OutputSampleRate = 48000;
    private const int OutputChannels = 2;

    /// <summary>The largest --batch: Wav2Lip's own inference batch (128 frames; the buffers for it are ≈ 42 MB at S = 96, 300 MB at S = 256).</summary>
    internal const int MaxBatch = 128;

    public static Command Create()
    {
        var audio = new Option<FileInfo>("--audio", "-a") { Description = "Speech to lip-sync: any audio file GStreamer can read (wav, mp3, ogg, m4a, ...).", Required = true };
        var avatar = new Option<string?>("--avatar") { Description = "A built avatar directory, or an image or video (built and cached on first use). Default: the built-in avatar." };
        var model = new Option<FileInfo?>("--model", "-m") { Description = "A Wav2Lip-contract ONNX model. Default: the project's model in models/." };
        var batch = new Option<int>("--batch", "-b") { Description = $"Frames per inference run (1..{MaxBatch}).", DefaultValueFactory = _ => 5 };
        var align = new Option<string?>("--align") { Description = "Mel window alignment: 'inference' (Wav2Lip's int(80·i/25)), 'training' (one frame earlier, as Wav2Lip trains), or an offset in frames. Default: what the model declares." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The MP4 to write (written to <out>.partial, renamed when complete).", Required = true };
        var command = new Command("render", "Render a lip-synced MP4 from an audio file and an avatar.") { audio, avatar, model, batch, align, output };
        command.SetAction((parse, ct) => CliRunner.RunAsync(() => RunAsync(
            parse.GetValue(audio)!, parse.GetValue(avatar), parse.GetValue(model), parse.GetValue(batch), parse.GetValue(align), parse.GetValue(output)!, ct)));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo audio, string? avatarPath, FileInfo? modelFile, int batch, string? align, FileInfo output, CancellationToken ct)
    {
        if (!audio.Exists)
        {
            throw new CliException($"Audio file {audio.FullName} does not exist.");
        }

        if (batch is < 1 or > MaxBatch)
        {
            throw new CliException($"--batch must be at least 1 and at most {MaxBatch} frames, not {batch}.");
        }

        if (!string.Equals(output.Extension, ".mp4", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"--out must name an .mp4 file, not {output.Name}.");
        }

        if (Directory.Exists(output.FullName))
        {
            throw new CliException($"--out {output.FullName} is a directory; name the .mp4 file to write.");
        }

        var options = new RenderOptions { BatchSize = batch, AlignmentOffsetFrames = ParseAlignment(align) };

        // The audio first: a bad file is refused before the model and the avatar are loaded (seconds, for nothing).
        float[] speech = AudioFileDecoder.Decode(audio.FullName, MelSpectrogram.SampleRate, 1, ct);
        if (speech.Length == 0)
        {
            throw new CliException($"{audio.FullName} holds no audio samples.");
        }

        string modelPath = modelFile?.FullName ?? StreamLipHome.DefaultModel;
        using var generator = Wav2LipModel.Load(modelPath, new Wav2LipModelOptions { MaxBatch = batch });
        foreach (string reason in generator.Info.SkippedProviders)
        {
            await Console.Error.WriteLineAsync($"warning: execution provider skipped, {reason}").ConfigureAwait(false);
        }

        int faceSize = generator.Info.FaceSize;
        var framing = FaceFraming.ForModel(generator.Info.Metadata);

        using var avatar = await ConsoleProgress.RunAsync("Building avatar", 100, p => Task.FromResult(AvatarSources.Resolve(avatarPath, faceSize, framing, p, ct))).ConfigureAwait(false);
        avatar.CheckInputsFor(generator.Info);
        if (avatar.FramingMismatch is { } mismatch)
        {
            await Console.Error.WriteLineAsync($"warning: {mismatch}").ConfigureAwait(false);
        }

        var mel = MelSpectrogram.Compute(speech);
        int frameCount = MelWindows.FrameCount(speech.Length);
        float[] soundtrack = AudioFileDecoder.Decode(audio.FullName, OutputSampleRate, OutputChannels, ct);

        Directory.CreateDirectory(output.DirectoryName!);
        using var writer = new Mp4Writer(output.FullName, new Mp4WriterOptions
        {
            Width = avatar.Width,
            Height = avatar.Height,
            Fps = 25,
            AudioSampleRate = OutputSampleRate,
            AudioChannels = OutputChannels,
        });

        // Audio goes in beside each video frame (up to the end of that frame) so the muxer always has both.
        long audioWritten = 0;
        void WriteAudioUpTo(long frameEnd)
        {
            long until = Math.Min(soundtrack.Length / OutputChannels, frameEnd * OutputSampleRate / 25);
            if (until > audioWritten)
            {
                writer.WriteAudio(soundtrack.AsSpan((int)(audioWritten * OutputChannels), (int)((until - audioWritten) * OutputChannels)));
                audioWritten = until;
            }
        }

        var result = await ConsoleProgress.RunAsync($"Rendering {frameCount} frames", frameCount, progress => OfflineRenderer.RenderAsync(
            mel,
            frameCount,
            avatar,
            generator,
            options,
            (index, frame) =>
            {
                writer.WriteVideoFrame(frame.Span);
                WriteAudioUpTo(index + 1);
                return ValueTask.CompletedTask;
            },
            new Progress<long>(n => progress.Report(n)),
            cancellationToken: ct)).ConfigureAwait(false);
        WriteAudioUpTo(long.MaxValue / OutputSampleRate);
        writer.Complete();

        double seconds = speech.Length / (double)MelSpectrogram.SampleRate;
        var inference = result.Inference;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Rendered {output.FullName}: {result.Frames} frames ({seconds:F2} s of audio) at 25 fps, {avatar.Width}×{avatar.Height}, in {result.Elapsed.TotalSeconds:F1} s — {result.FramesPerSecond:F1} frames/s (model {generator.Info.Provider}: {inference.Runs} runs, {inference.InferenceTime.TotalMilliseconds / Math.Max(1, inference.Frames):F2} ms/frame)"));
        return ExitCodes.Ok;
    }

    internal static int? ParseAlignment(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "inference" => 0,
        "training" => -1,
        var v when int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n is >= -2 and <= 2 => n,
        _ => throw new CliException($"--align must be 'inference', 'training' or an offset in frames (−2..2), not '{value}'."),
    };
}
