using System.Globalization;
using System.Text.RegularExpressions;
using StreamLip.Cli.Tests.Infrastructure;

namespace StreamLip.Cli.Tests.Commands;

public sealed partial class AvatarCommandTests : IDisposable
{
    private readonly string _dir = Repo.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_astronaut_builds_into_a_loop_that_loads_in_well_under_a_second()
    {
        Assert.True(File.Exists(Repo.Astronaut), $"{Repo.Astronaut} is missing: ./streamlip setup extracts it.");
        string output = Path.Combine(_dir, "astronaut");

        var build = await CliProcess.RunAsync("avatar", "build", Repo.Astronaut, "--out", output, "--still-frames", "20");

        Assert.True(build.ExitCode == 0, build.ToString());
        // The face facedetect finds is x 175, y 64, 97×97; with the default pads (bottom 10) the first box is 97×107.
        var box = BoxPattern().Match(build.Stdout);
        Assert.True(box.Success, build.Stdout);
        var (x, y, w, h) = (int.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(box.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(box.Groups[4].Value, CultureInfo.InvariantCulture));
        Assert.InRange(x, 165, 185);
        Assert.InRange(y, 54, 74);
        Assert.InRange(w, 85, 110);
        Assert.Equal(w + 10, h);

        var info = await CliProcess.RunAsync("avatar", "info", output);
        Assert.True(info.ExitCode == 0, info.ToString());
        int ms = int.Parse(LoadPattern().Match(info.Stdout).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(ms < 1000, info.Stdout);
        Assert.Contains("20 frames of 512×512", info.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_astronaut_framed_for_official_wav2lip_runs_forehead_to_chin()
    {
        string output = Path.Combine(_dir, "astronaut-wav2lip");

        var build = await CliProcess.RunAsync("avatar", "build", Repo.Astronaut, "--out", output, "--still-frames", "4", "--framing", "wav2lip");

        Assert.True(build.ExitCode == 0, build.ToString());
        // Jaw line x 179..272, chin at 178, nose bridge at 119: top 59 (unrounded points); with the bottom pad 93 × 129 (the Haar box is 97 × 97).
        Assert.Contains("framing wav2lip, first box 179,59,93,129", build.Stdout, StringComparison.Ordinal);
        var info = await CliProcess.RunAsync("avatar", "info", output);
        Assert.Contains("framing wav2lip (pads 0 10 0 0)", info.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_framing_is_refused_before_any_work()
    {
        var result = await CliProcess.RunAsync("avatar", "build", Repo.Astronaut, "--out", Path.Combine(_dir, "a"), "--framing", "s3fd");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("s3fd", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("haar", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "a")));
    }

    [Fact]
    public async Task A_file_that_is_not_an_image()
    {
        string bogus = Path.Combine(_dir, "face.png");
        await File.WriteAllTextAsync(bogus, "not an image");

        var result = await CliProcess.RunAsync("avatar", "build", bogus, "--out", Path.Combine(_dir, "a"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("face.png", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "a")));
    }

    [GeneratedRegex(@"first box (\d+),(\d+),(\d+),(\d+)")]
    private static partial Regex BoxPattern();

    [GeneratedRegex(@"loaded in (\d+) ms")]
    private static partial Regex LoadPattern();
}
