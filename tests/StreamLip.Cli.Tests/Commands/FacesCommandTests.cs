using System.Numerics;
using System.Text.Json;
using StreamLip.Cli.Tests.Infrastructure;
using StreamLip.Faces.Landmarks;
using StreamLip.Faces.Tracking;
using StreamLip.Media.Video;

namespace StreamLip.Cli.Tests.Commands;

public sealed class FacesCommandTests : IDisposable
{
    private readonly string _dir = Repo.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Every_frame_of_a_video_gets_its_landmarks_or_null_and_the_raw_frames_are_the_decoded_ones()
    {
        // 12 frames of the drifting astronaut; frames 5 and 6 have the face covered.
        string video = Footage.Write(Path.Combine(_dir, "drift.mp4"), 12, k => k is 5 or 6);
        string raw = Path.Combine(_dir, "frames.rgb");

        var result = await CliProcess.RunAsync("faces", video, "--raw-out", raw);

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var head = JsonDocument.Parse(lines[0]);
        Assert.Equal(512, head.RootElement.GetProperty("width").GetInt32());
        Assert.Equal(12, head.RootElement.GetProperty("frames").GetInt32());
        Assert.Equal(10, head.RootElement.GetProperty("faces").GetInt32());
        Assert.Equal(13, lines.Length);

        var decoded = VideoFileDecoder.Decode(video);
        using var finder = new FaceFinder(ShapePredictor.Load());
        for (int k = 0; k < 12; k++)
        {
            using var line = JsonDocument.Parse(lines[k + 1]);
            var frame = line.RootElement;
            Assert.Equal(k, frame.GetProperty("frame").GetInt32());
            // The same finder in this process, frame after frame, gives the same points (printed to 0.01 px).
            var expected = finder.Find(decoded.Frames[k].Bgrx, decoded.Width, decoded.Height, out var box);
            if (k is 5 or 6)
            {
                Assert.Null(expected);
                Assert.Equal(JsonValueKind.Null, frame.GetProperty("points").ValueKind);
                Assert.Equal(JsonValueKind.Null, frame.GetProperty("box").ValueKind);
                continue;
            }

            Assert.NotNull(expected);
            var points = frame.GetProperty("points").EnumerateArray().Select(p => new Vector2(p[0].GetSingle(), p[1].GetSingle())).ToArray();
            Assert.Equal(68, points.Length);
            for (int i = 0; i < 68; i++)
            {
                Assert.InRange(Vector2.Distance(points[i], expected[i]), 0, 0.01f);
            }

            Assert.Equal([box.X, box.Y, box.Width, box.Height], frame.GetProperty("box").EnumerateArray().Select(v => v.GetInt32()).ToArray());
        }

        // The mouth (point 62, upper inner lip) follows the drift: 8 px sideways over a quarter period.
        using (var a = JsonDocument.Parse(lines[1]))
        using (var b = JsonDocument.Parse(lines[12]))
        {
            float dx = b.RootElement.GetProperty("points")[62][0].GetSingle() - a.RootElement.GetProperty("points")[62][0].GetSingle();
            Assert.InRange(dx, Footage.DriftX(11) - Footage.DriftX(0) - 1.5f, Footage.DriftX(11) - Footage.DriftX(0) + 1.5f);
        }

        byte[] bytes = File.ReadAllBytes(raw);
        Assert.Equal(12 * 512 * 512 * 3, bytes.Length);
        Assert.False(File.Exists(raw + ".partial"));
        foreach (int k in new[] { 0, 5, 11 })
        {
            byte[] bgrx = decoded.Frames[k].Bgrx;
            for (int p = 0; p < 512 * 512; p += 997)
            {
                int o = (k * 512 * 512 * 3) + (p * 3);
                Assert.Equal((bgrx[(p * 4) + 2], bgrx[(p * 4) + 1], bgrx[p * 4]), (bytes[o], bytes[o + 1], bytes[o + 2]));
            }
        }
    }

    [Fact]
    public async Task A_given_box_places_the_landmarks_without_detection_and_a_bad_box_is_refused()
    {
        // The detector's own box handed back: the landmark model, run in that box, gives the detected points.
        var found = await CliProcess.RunAsync("faces", Repo.Astronaut);
        Assert.True(found.ExitCode == 0, found.ToString());
        using var detected = JsonDocument.Parse(found.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]);
        int[] box = detected.RootElement.GetProperty("box").EnumerateArray().Select(v => v.GetInt32()).ToArray();

        var given = await CliProcess.RunAsync("faces", Repo.Astronaut, "--box", string.Join(',', box));

        Assert.True(given.ExitCode == 0, given.ToString());
        using var placed = JsonDocument.Parse(given.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]);
        Assert.Equal(box, placed.RootElement.GetProperty("box").EnumerateArray().Select(v => v.GetInt32()).ToArray());
        var a = detected.RootElement.GetProperty("points");
        var b = placed.RootElement.GetProperty("points");
        Assert.Equal(68, b.GetArrayLength());
        for (int i = 0; i < 68; i++)
        {
            Assert.InRange(Math.Abs(a[i][0].GetSingle() - b[i][0].GetSingle()) + Math.Abs(a[i][1].GetSingle() - b[i][1].GetSingle()), 0, 0.02f);
        }

        var bad = await CliProcess.RunAsync("faces", Repo.Astronaut, "--box", "1,2,0,4");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("width and height must be at least 1", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_still_image_gets_one_line_and_a_missing_or_unreadable_file_a_clear_error()
    {
        var still = await CliProcess.RunAsync("faces", Repo.Astronaut);
        Assert.True(still.ExitCode == 0, still.ToString());
        string[] lines = still.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"frames\":1,\"faces\":1", lines[0], StringComparison.Ordinal);

        var missing = await CliProcess.RunAsync("faces", Path.Combine(_dir, "nothing.png"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nothing.png does not exist", missing.Stderr, StringComparison.Ordinal);

        string text = Path.Combine(_dir, "notes.png");
        await File.WriteAllTextAsync(text, "not an image");
        var unreadable = await CliProcess.RunAsync("faces", text);
        Assert.NotEqual(0, unreadable.ExitCode);
        Assert.Contains("notes.png", unreadable.Stderr, StringComparison.Ordinal);
        Assert.Empty(unreadable.Stdout);
    }
}
