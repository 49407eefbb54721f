using StreamLip.Audio;
using StreamLip.Cli.Tests.Infrastructure;

namespace StreamLip.Cli.Tests.Commands;

public sealed class MelCommandTests : IDisposable
{
    private readonly string _dir = Repo.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_mel_of_a_wav_file_matches_the_independent_numpy_implementation()
    {
        // signal.wav: 16 kHz float32 WAV written by make_golden.py next to its numpy mel (no resampling on the way in).
        string golden = Path.Combine(Repo.Root, "tests", "StreamLip.Core.Tests", "Audio", "Golden");
        string output = Path.Combine(_dir, "mel.npy");

        var result = await CliProcess.RunAsync("mel", "--audio", Path.Combine(golden, "signal.wav"), "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("float32 [80, ", result.Stdout, StringComparison.Ordinal);
        var actual = NpyFile.Read(output);
        var expected = NpyFile.Read(Path.Combine(golden, "signal_mel.npy"));
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        float maxError = 0f;
        for (int i = 0; i < expected.Data.Length; i++)
        {
            maxError = Math.Max(maxError, Math.Abs(expected.Data[i] - actual.Data[i]));
        }

        Assert.True(maxError <= 1e-4f, $"max abs error {maxError}");
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task Samples_out_writes_the_decoded_samples_the_mel_was_computed_from()
    {
        // signal.wav holds signal.npy's samples as 16 kHz float32: decoded without resampling they come back as they were.
        string golden = Path.Combine(Repo.Root, "tests", "StreamLip.Core.Tests", "Audio", "Golden");
        string output = Path.Combine(_dir, "mel.npy"), samples = Path.Combine(_dir, "audio", "samples.npy");

        var result = await CliProcess.RunAsync("mel", "--audio", Path.Combine(golden, "signal.wav"), "--out", output, "--samples-out", samples);

        Assert.True(result.ExitCode == 0, result.ToString());
        var actual = NpyFile.Read(samples);
        var expected = NpyFile.Read(Path.Combine(golden, "signal.npy"));
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
        Assert.Equal(1 + (actual.Data.Length / 200), NpyFile.Read(output).Shape[1]);
        Assert.False(File.Exists(samples + ".partial"));
    }

    [Fact]
    public async Task A_file_that_is_not_audio_is_refused_with_exit_code_2()
    {
        string text = Path.Combine(_dir, "notes.wav");
        await File.WriteAllTextAsync(text, "this is not a wav file, just text pretending to be one");

        var result = await CliProcess.RunAsync("mel", "--audio", text, "--out", Path.Combine(_dir, "x.npy"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("notes.wav", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "x.npy")));
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        var result = await CliProcess.RunAsync("mel", "--audio", Path.Combine(_dir, "nope.wav"), "--out", Path.Combine(_dir, "x.npy"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.wav does not exist", result.Stderr, StringComparison.Ordinal);
    }
}
