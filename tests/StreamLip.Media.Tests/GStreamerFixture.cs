using StreamLip.Media.Pipelines;

namespace StreamLip.Media.Tests;

/// <summary>
/// Shared by every test: GStreamer initialised once, a scratch folder removed at the end, the astronaut
/// image, and media files made once with real GStreamer pipelines.
/// </summary>
public sealed class GStreamerFixture : IDisposable
{
    private readonly Lazy<string> _astronautMp4;

    public GStreamerFixture()
    {
        GStreamerRuntime.EnsureInitialized();
        WorkDirectory = Directory.CreateTempSubdirectory("streamlip-media-tests-").FullName;
        _astronautMp4 = new Lazy<string>(MakeAstronautMp4);
    }

    /// <summary>A scratch folder for this test run.</summary>
    public string WorkDirectory { get; }

    /// <summary>The 512×512 astronaut PNG; fails the test (never skips it) when missing.</summary>
    public string AstronautPng => AstronautImage.Locate();

    /// <summary>1 s, 25 fps, H.264 MP4 of the still astronaut (made on first use).</summary>
    public string AstronautMp4 => _astronautMp4.Value;

    /// <summary>A new path in the scratch folder.</summary>
    public string NewPath(string extension) => Path.Combine(WorkDirectory, $"{Guid.NewGuid():N}.{extension}");

    /// <summary>Runs a gst-launch description to EOS (e.g. to make a test file).</summary>
    public static void RunLaunch(string description)
    {
        using var pipeline = GstPipeline.Parse(description);
        pipeline.Play();
        pipeline.WaitForEnd(TimeSpan.FromMinutes(2), CancellationToken.None);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a failed test: leave the folder in /tmp.
        }
    }

    private string MakeAstronautMp4()
    {
        string path = NewPath("mp4");
        RunLaunch(
            $"filesrc location=\"{AstronautPng}\" ! pngdec ! imagefreeze num-buffers=25 ! video/x-raw,framerate=25/1 ! " +
            $"videoconvert ! x264enc speed-preset=veryfast pass=qual quantizer=18 ! mp4mux ! filesink location=\"{path}\"");
        return path;
    }
}
