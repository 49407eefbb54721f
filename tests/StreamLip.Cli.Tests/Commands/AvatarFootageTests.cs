using System.Globalization;
using System.Numerics;
using System.Text.Json;
using StreamLip.Avatars;
using StreamLip.Cli.Tests.Infrastructure;

namespace StreamLip.Cli.Tests.Commands;

/// <summary><c>avatar build</c> on footage of a real face with frames where it cannot be seen (issue #12 item 2).</summary>
public sealed class AvatarFootageTests : IDisposable
{
    private readonly string _dir = Repo.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Short_faceless_gaps_are_filled_reported_and_the_face_is_followed_without_lag()
    {
        string video = Footage.Write(Path.Combine(_dir, "talk.mp4"), 60, k => k is <= 2 or (>= 20 and <= 27));
        string output = Path.Combine(_dir, "talk");

        var build = await CliProcess.RunAsync("avatar", "build", video, "--out", output);

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("No face found in 11 of 60 source frames: 11 filled from the frames either side, 0 trimmed.", build.Stdout, StringComparison.Ordinal);
        Assert.Contains("frames 0–2: filled: the nearest face held", build.Stdout, StringComparison.Ordinal);
        Assert.Contains("frames 20–27: filled: interpolated between the faces either side", build.Stdout, StringComparison.Ordinal);
        Assert.Contains("68 landmarks per frame", build.Stdout, StringComparison.Ordinal);

        using var avatar = Avatar.Load(output);
        Assert.Equal(60, avatar.FrameCount);
        Assert.True(avatar.HasLandmarks);
        Assert.Equal(2, avatar.Manifest.FacelessFrames.Count);

        // Where the face was found, the box moves with the head, frame for frame: no lag, no lead.
        for (int k = 3; k < 60; k++)
        {
            if (k is >= 18 and <= 29)
            {
                continue; // in and next to the filled gap the box is interpolated, not measured
            }

            Assert.InRange(avatar.Box(k).X - avatar.Box(40).X - (Footage.DriftX(k) - Footage.DriftX(40)), -2, 2);
            Assert.InRange(avatar.Box(k).Y - avatar.Box(40).Y - (Footage.DriftY(k) - Footage.DriftY(40)), -2, 2);
        }

        // Inside the interpolated gap the box lies between the faces either side of it.
        for (int k = 20; k <= 27; k++)
        {
            var (lo, hi) = (Math.Min(avatar.Box(19).X, avatar.Box(28).X), Math.Max(avatar.Box(19).X, avatar.Box(28).X));
            Assert.InRange(avatar.Box(k).X, lo - 1, hi + 1);
        }

        // The landmarks are the face's: the mouth's centre is below the eyes' and inside the box's lower half.
        for (int k = 0; k < 60; k++)
        {
            var points = avatar.Landmarks(k);
            var mouth = Mean(points[48..68]);
            var eyes = Mean(points[36..48]);
            var box = avatar.Box(k);
            Assert.True(mouth.Y > eyes.Y + 20, $"frame {k}: mouth {mouth}, eyes {eyes}");
            Assert.InRange(mouth.Y, box.Y + (box.Height / 2), box.Bottom);
            Assert.InRange(mouth.X, box.X + (box.Width / 4), box.Right - (box.Width / 4));
        }
    }

    [Fact]
    public async Task A_long_faceless_stretch_fails_naming_its_frames_and_trim_faceless_drops_it()
    {
        string video = Footage.Write(Path.Combine(_dir, "away.mp4"), 70, k => k is >= 30 and <= 59);
        string output = Path.Combine(_dir, "away");

        var refused = await CliProcess.RunAsync("avatar", "build", video, "--out", output);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("No face found in 30 of 70 frames", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("frames 30–59 (30 frames, 1.2 s)", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--trim-faceless", refused.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "nothing is written when the build fails");

        var trimmed = await CliProcess.RunAsync("avatar", "build", video, "--out", output, "--trim-faceless");

        Assert.True(trimmed.ExitCode == 0, trimmed.ToString());
        Assert.Contains("40 frames of 512×512", trimmed.Stdout, StringComparison.Ordinal);
        Assert.Contains("frames 30–59: trimmed", trimmed.Stdout, StringComparison.Ordinal);
        using var avatar = Avatar.Load(output);
        Assert.Equal(40, avatar.FrameCount);
        Assert.Equal(70, avatar.Manifest.SourceFrameCount);
        // Cache frame 30 is source frame 60: its box is where the head is in frame 60.
        Assert.InRange(avatar.Box(30).X - avatar.Box(0).X - (Footage.DriftX(60) - Footage.DriftX(0)), -2, 2);

        // A longer --max-gap fills the same stretch instead.
        var filled = await CliProcess.RunAsync("avatar", "build", video, "--out", output, "--max-gap", "1.5");
        Assert.True(filled.ExitCode == 0, filled.ToString());
        Assert.Contains("frames 30–59: filled: interpolated", filled.Stdout, StringComparison.Ordinal);
    }

    private static Vector2 Mean(ReadOnlySpan<Vector2> points)
    {
        var sum = Vector2.Zero;
        foreach (var p in points)
        {
            sum += p;
        }

        return sum / points.Length;
    }
}
