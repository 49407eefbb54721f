using System.CommandLine;
using System.Globalization;
using StreamLip.Audio;
using StreamLip.Cli.Infrastructure;
using StreamLip.Media.Audio;

namespace StreamLip.Cli.Commands;

/// <summary>
/// <c>mel</c>: the Wav2Lip mel spectrogram of an audio file, as float32 .npy [80, T]; with <c>--samples-out</c> also the
/// 16 kHz mono samples it was computed from, as float32 .npy [N] (the training system's evaluation reads them for the
/// loudness envelope and SyncNet's MFCCs).
/// </summary>
internal static class MelCommand
{
    public static Command Create()
    {
        var audio = new Option<FileInfo>("--audio", "-a") { Description = "Any audio file GStreamer can read; decoded to 16 kHz mono.", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The .npy to write: float32 [80, T], T = 1 + samples/200.", Required = true };
        var samplesOut = new Option<FileInfo?>("--samples-out") { Description = "Also write the decoded 16 kHz mono samples, in [-1, 1], to this .npy: float32 [N]." };
        var command = new Command("mel", "Compute the Wav2Lip mel spectrogram of an audio file.") { audio, output, samplesOut };
        command.SetAction((parse, ct) => CliRunner.RunAsync(() => Task.FromResult(Run(parse.GetValue(audio)!, parse.GetValue(output)!, parse.GetValue(samplesOut), ct))));
        return command;
    }

    private static int Run(FileInfo audio, FileInfo output, FileInfo? samplesOut, CancellationToken ct)
    {
        if (!audio.Exists)
        {
            throw new CliException($"Audio file {audio.FullName} does not exist.");
        }

        float[] samples = AudioFileDecoder.Decode(audio.FullName, MelSpectrogram.SampleRate, 1, ct);
        var mel = MelSpectrogram.Compute(samples);
        WriteNpy(output, mel.ToBandMajor(), [MelSpectrogram.Bands, mel.Columns]);
        if (samplesOut is not null)
        {
            WriteNpy(samplesOut, samples, [samples.Length]);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {output.FullName}: float32 [{MelSpectrogram.Bands}, {mel.Columns}] from {samples.Length / (double)MelSpectrogram.SampleRate:F2} s of audio."));
        return ExitCodes.Ok;
    }

    /// <summary>Writes beside the file and moves it into place: a reader never sees half an .npy.</summary>
    private static void WriteNpy(FileInfo file, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        Directory.CreateDirectory(file.DirectoryName!);
        string partial = file.FullName + ".partial";
        NpyFile.Write(partial, data, shape);
        File.Move(partial, file.FullName, overwrite: true);
    }
}
