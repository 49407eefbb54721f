using StreamLip.Media.Native;
using StreamLip.Media.Outputs;
using StreamLip.Media.Pipelines;
using StreamLip.Media.WebRtc;
using Xunit.Abstractions;

namespace StreamLip.Media.Tests.Outputs;

[Collection(GStreamerCollection.Name)]
public sealed class VirtualCameraOutputTests(GStreamerFixture fixture, ITestOutputHelper output)
{
    private static VirtualCameraOptions Options(string? device = null) =>
        new() { Device = device, Width = OutputFeed.Width, Height = OutputFeed.Height };

    [Fact]
    public void A_named_device_that_does_not_exist_is_refused_with_how_to_make_one()
    {
        _ = fixture;
        const string Device = "/dev/video-streamlip-missing";
        var e = Assert.Throws<VirtualCameraUnavailableException>(() => new VirtualCameraOutput(Options(Device)));
        output.WriteLine(e.Message);
        Assert.Contains(Device, e.Message, StringComparison.Ordinal);
        Assert.Contains("modprobe v4l2loopback devices=1 video_nr=10 card_label=StreamLip exclusive_caps=1", e.Message, StringComparison.Ordinal);
        Assert.Contains("v4l2loopback-dkms", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Where a loopback device exists, frames written to it are read back by v4l2src with the bar where it was drawn;
    /// where none exists (this machine: no /dev/video*), opening fails with the reason and the module to load.
    /// </summary>
    [Fact]
    public async Task The_first_loopback_device_shows_the_frames_or_opening_says_why_there_is_none()
    {
        IReadOnlyList<string> devices = VirtualCameraDevices.Find();
        if (devices.Count == 0)
        {
            output.WriteLine($"No v4l2loopback device here (module loaded: {VirtualCameraDevices.ModuleLoaded}): checking the error path only.");
            var e = Assert.Throws<VirtualCameraUnavailableException>(() => new VirtualCameraOutput(Options()));
            output.WriteLine(e.Message);
            Assert.Contains("v4l2loopback", e.Message, StringComparison.Ordinal);
            Assert.Contains("modprobe", e.Message, StringComparison.Ordinal);
            Assert.Contains(VirtualCameraDevices.ModuleLoaded ? "has no device" : "not loaded", e.Message, StringComparison.Ordinal);
            return;
        }

        output.WriteLine($"Loopback devices: {string.Join(", ", devices)}; writing to {devices[0]} and reading it back.");
        using var camera = new VirtualCameraOutput(Options());
        Assert.Equal(devices[0], camera.Device);
        var bars = new List<int>();
        var feed = OutputFeed.RunAsync(camera, frames: 75);
        await Task.Delay(1000); // the writer has set the format before the reader opens
        using (var reader = GstPipeline.Parse(
            $"v4l2src device={camera.Device} ! videoconvert ! video/x-raw,format=BGRx,width={OutputFeed.Width},height={OutputFeed.Height} ! appsink name=sink sync=false"))
        {
            using var listener = AppSinkListener.Attach(reader.GetElement("sink"), (bgrx, _) =>
            {
                lock (bars)
                {
                    bars.Add(OutputFeed.FindBar(bgrx));
                }
            }, _ => { });
            reader.Play();
            await feed;
            reader.TrySetState(GstState.Null);
        }

        output.WriteLine($"{bars.Count} frames read back; sent {camera.FramesSent}, dropped {camera.FramesDropped}");
        Assert.True(bars.Count >= 25, $"{bars.Count} frames read back from {camera.Device}");
        Assert.True(bars.Distinct().Count() >= 10, "the bar must move in the frames read back");
    }
}
