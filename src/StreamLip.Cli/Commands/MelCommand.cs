using System.CommandLine;
using System.Globalization;
using StreamLip.Audio;
using StreamLip.Cli.Infrastructure;
using StreamLip.Media.Audio;

namespace StreamLip.Cli.Commands;

/// <summary><c>mel</c>: the Wav2Lip mel spectrogram of an audio file, as float32 .npy [80, T].</summary>
internal static class MelCommand
{
    public static Command Create()
    {
        var audio = new Option<FileInfo>("--audio", "-a") { Description = "Any audio file GStreamer can read; decoded to 16 kHz mono.", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The .npy to write: float32 [80, T], T = 1 + samples/200.", Required = true };
        var command = new Command("mel", "Compute the Wav2Lip mel spectrogram of an audio file.") { audio, output };
        command.SetAction((parse, ct) => CliRunner.RunAsync(() => Task.FromResult(Run(parse.GetValue(audio)!, parse.GetValue(output)!, ct))));
        return command;
    }

    private static int Run(FileInfo audio, FileInfo output, CancellationToken ct)
    {
        if (!audio.Exists)
        {
            throw new CliException($"Audio file {audio.FullName} does not exist.");
        }

        float[] samples = AudioFileDecoder.Decode(audio.FullName, MelSpectrogram.SampleRate, 1, ct);
        var mel = MelSpectrogram.Compute(samples);
        Directory.CreateDirectory(output.DirectoryName!);
        string partial = output.FullName + ".partial";
        NpyFile.Write(partial, mel.ToBandMajor(), [MelSpectrogram.Bands, mel.Columns]);
        File.Move(partial, output.FullName, overwrite: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {output.FullName}: float32 [{MelSpectrogram.Bands}, {mel.Columns}] from {samples.Length / (double)MelSpectrogram.SampleRate:F2} s of audio."));
        return ExitCodes.Ok;
    }
}
