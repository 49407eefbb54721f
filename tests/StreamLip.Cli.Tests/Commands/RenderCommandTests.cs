using System.Globalization;
using StreamLip.Audio;
using StreamLip.Avatars;
using StreamLip.Cli.Tests.Infrastructure;
using StreamLip.Media.Audio;
using StreamLip.Media.Video;

namespace StreamLip.Cli.Tests.Commands;

/// <summary>The render of a 10 s sentence, read back with GStreamer and compared with the avatar it was drawn on.</summary>
public sealed class RenderCommandTests(RenderFixture render) : IClassFixture<RenderFixture>
{
    private const double FrameSeconds = 0.04;

    [Fact]
    public void It_succeeds_and_reports_its_speed()
    {
        Assert.True(render.Result.ExitCode == 0, render.Result.ToString());
        Assert.Matches(@"Rendered .*out\.mp4: \d+ frames \(\d+\.\d\d s of audio\) at 25 fps, 512×512, in [\d.]+ s — [\d.]+ frames/s", render.Result.Stdout);
        Assert.False(File.Exists(render.Output + ".partial"));
    }

    [Fact]
    public void The_video_is_25_fps_and_as_long_as_the_audio()
    {
        double seconds = render.Speech.Length / 16000.0;
        Assert.InRange(seconds, 8, 14);
        var frames = ReadFrames(out double fps, out int width, out int height);

        Assert.Equal(25, fps, 3);
        Assert.Equal((512, 512), (width, height));
        Assert.InRange(frames.Count, (seconds / FrameSeconds) - 1, (seconds / FrameSeconds) + 1);
    }

    [Fact]
    public void The_audio_track_is_the_input_speech()
    {
        float[] audio = AudioFileDecoder.Decode(render.Output, 16000, 1);
        double seconds = audio.Length / 16000.0;
        Assert.InRange(seconds, (render.Speech.Length / 16000.0) - FrameSeconds, (render.Speech.Length / 16000.0) + FrameSeconds);
        // Speech, not silence: the RMS of the track is within a factor of two of the input's.
        Assert.InRange(Rms(audio), Rms(render.Speech) / 2, Rms(render.Speech) * 2);
    }

    [Fact]
    public void The_mouth_moves_while_speech_plays_and_rests_in_silence()
    {
        var frames = ReadFrames(out _, out _, out _);
        var avatar = render.Avatar;
        var speaking = new List<double>();
        var silent = new List<double>();
        var forehead = new List<double>();
        for (int k = 0; k < frames.Count; k++)
        {
            int cache = avatar.LoopIndex(k);
            var box = avatar.Box(cache);
            var original = avatar.Frame(cache);
            double mouth = MeanAbsDiff(frames[k], original, avatar.Width, Region(box, 0.30, 0.70, 0.62, 0.88));
            forehead.Add(MeanAbsDiff(frames[k], original, avatar.Width, Region(box, 0.30, 0.70, 0.08, 0.30)));
            double energy = WindowEnergy(k);
            if (energy > -1.5)
            {
                speaking.Add(mouth);
            }
            else if (energy < -3.8)
            {
                silent.Add(mouth);
            }
        }

        double noise = Median(forehead);
        Assert.True(speaking.Count > 100, $"{speaking.Count} speaking frames");
        Assert.True(silent.Count >= 5, $"{silent.Count} silent frames");
        // H.264 at CRF 23 leaves a few levels of error everywhere (more on the lips' edges than on the forehead):
        // a resting mouth stays within that; a moving one is far above it.
        Assert.True(silent.Max() < 2.5 * noise, Describe("silent", silent, noise));
        Assert.True(Median(speaking) > (2 * Median(silent)) + 5, Describe("speaking", speaking, noise) + "; " + Describe("silent", silent, noise));
    }

    [Fact]
    public void No_box_edge_is_visible()
    {
        var frames = ReadFrames(out _, out _, out _);
        var avatar = render.Avatar;
        double worst = 0.0;
        for (int k = 0; k < frames.Count; k++)
        {
            int cache = avatar.LoopIndex(k);
            var box = avatar.Box(cache);
            var original = avatar.Frame(cache);
            double forehead = MeanAbsDiff(frames[k], original, avatar.Width, Region(box, 0.30, 0.70, 0.08, 0.30));
            // The 2-pixel rings just inside the left, right and bottom edges of the box, and the row where the
            // lower-face mask begins: any seam would show there.
            foreach (var ring in new[] { Region(box, 0, 0.02, 0.4, 1), Region(box, 0.98, 1, 0.4, 1), Region(box, 0, 1, 0.98, 1), Region(box, 0, 1, 0.44, 0.46) })
            {
                worst = Math.Max(worst, MeanAbsDiff(frames[k], original, avatar.Width, ring) - forehead);
            }
        }

        Assert.True(worst < 3, $"a box edge differs from the avatar by {worst:F2} levels more than the codec noise");
    }

    private double WindowEnergy(int frame)
    {
        // Mean level of the frame's 16-column window: ≈ −4 in silence. Whichever alignment the default model declares
        // (inference: from frame i; training: from frame i − 1), the louder of the two windows decides.
        float[] window = new float[MelWindows.WindowLength];
        double level = double.MinValue;
        foreach (int offset in new[] { 0, -1 })
        {
            MelWindows.CopyWindow(render.Mel, frame, window, offset);
            level = Math.Max(level, window.Average());
        }

        return level;
    }

    private List<byte[]> ReadFrames(out double fps, out int width, out int height) => VideoFrames.ReadAll(render.Output, out fps, out width, out height);

    private static (int X0, int X1, int Y0, int Y1) Region(FaceBox box, double x0, double x1, double y0, double y1) => VideoFrames.Region(box, x0, x1, y0, y1);

    private static double MeanAbsDiff(byte[] a, ReadOnlySpan<byte> b, int width, (int X0, int X1, int Y0, int Y1) r) => VideoFrames.MeanAbsDiff(a, b, width, r);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Rms(float[] samples) => Math.Sqrt(samples.Average(s => (double)s * s));

    private static string Describe(string what, List<double> values, double noise) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}: median {Median(values):F2}, max {values.Max():F2}, codec noise {noise:F2}");
}
