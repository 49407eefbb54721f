using Xunit.Abstractions;
using System.Diagnostics;
using StreamLip.Media.Outputs;
using StreamLip.Tests.Rtmp;

namespace StreamLip.Media.Tests.Outputs;

[Collection(GStreamerCollection.Name)]
public sealed class LiveStreamOutputTests(GStreamerFixture fixture, NginxRtmpServer nginx, ITestOutputHelper output) : IClassFixture<NginxRtmpServer>
{
    private static LiveStreamOptions Options(string url) => new()
    {
        Url = url,
        Encoding = new EncodingOptions { Width = OutputFeed.Width, Height = OutputFeed.Height, VideoBitrateKbps = 800, KeyframeIntervalSeconds = 1 },
    };

    [Fact]
    public async Task Rtmp_push_to_nginx_reads_back_at_25_fps_with_the_tone()
    {
        _ = fixture;
        string url = nginx.NewStreamUrl();
        using var reader = StreamReadBack.Rtmp(url); // nginx holds the player until the stream is published
        await Task.Delay(300);
        using var stream = new LiveStreamOutput(Options(url));
        Exception? failed = null;
        stream.Failed += e => failed = e;

        int pushed = await OutputFeed.RunAsync(stream, frames: 100, stop: () => failed is not null);
        await Task.Delay(1500); // the last frames through encoder, nginx and decoder
        reader.ThrowIfFailed();
        Assert.Null(failed);
        stream.Stop(TimeSpan.FromSeconds(5));

        output.WriteLine($"pushed {pushed}, sent {stream.FramesSent}, dropped {stream.FramesDropped}; read {reader.Frames.Count} frames, {reader.Audio.Length} samples");
        Assert.Equal(100, stream.FramesSent);
        Assert.Equal(0, stream.FramesDropped);
        Assert.InRange(stream.Duration.TotalSeconds, 3.99, 4.01); // rebased: 100 frames from 0, not from 7.36 s
        StreamAssert.FramesAt25Fps(reader.Frames, minFrames: 85);
        StreamAssert.TonePresent(reader.Audio, StreamReadBack.AudioRate, minSeconds: 3);
    }

    [Fact]
    public async Task Srt_push_to_a_listener_reads_back_at_25_fps_with_the_tone()
    {
        int port = NginxRtmpServer.FreePort();
        using var reader = StreamReadBack.SrtListener(port);
        await Task.Delay(500);
        using var stream = new LiveStreamOutput(Options($"srt://127.0.0.1:{port}"));
        Exception? failed = null;
        stream.Failed += e => failed = e;

        await OutputFeed.RunAsync(stream, frames: 100, stop: () => failed is not null);
        await Task.Delay(1500);
        reader.ThrowIfFailed();
        Assert.Null(failed);
        stream.Stop(TimeSpan.FromSeconds(5));

        output.WriteLine($"sent {stream.FramesSent}, dropped {stream.FramesDropped}; read {reader.Frames.Count} frames, {reader.Audio.Length} samples");
        Assert.Equal(LiveStreamProtocol.Srt, stream.Protocol);
        StreamAssert.FramesAt25Fps(reader.Frames, minFrames: 85);
        StreamAssert.TonePresent(reader.Audio, StreamReadBack.AudioRate, minSeconds: 3);
    }

    [Fact]
    public async Task A_refused_rtmp_url_fails_within_seconds_naming_the_url_and_the_reason()
    {
        int port = NginxRtmpServer.FreePort(); // nothing listens there
        var clock = Stopwatch.StartNew();
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stream = new LiveStreamOutput(Options($"rtmp://127.0.0.1:{port}/live/secret-key"));
        stream.Failed += e => failed.TrySetResult(e);

        // Pushing must go on without blocking or throwing while the connection fails.
        using var pushing = new CancellationTokenSource();
        Task feed = OutputFeed.RunAsync(stream, frames: 250, stop: () => failed.Task.IsCompleted, pushing.Token);
        Exception error = await failed.Task.WaitAsync(TimeSpan.FromSeconds(8));
        await feed;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.00} s: {error.Message}");

        var live = Assert.IsType<LiveStreamException>(error);
        Assert.Equal($"rtmp://127.0.0.1:{port}/live/***", live.Url);
        Assert.Contains("refused", live.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret-key", live.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_srt_url_without_a_listener_fails_within_seconds()
    {
        int port = NginxRtmpServer.FreePort();
        var clock = Stopwatch.StartNew();
        Exception? error = null;
        try
        {
            using var stream = new LiveStreamOutput(Options($"srt://127.0.0.1:{port}?passphrase=secretsecret"));
            var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
            stream.Failed += e => failed.TrySetResult(e);
            Task feed = OutputFeed.RunAsync(stream, frames: 250, stop: () => failed.Task.IsCompleted);
            error = await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await feed;
        }
        catch (LiveStreamException e)
        {
            error = e; // the connect may fail while the pipeline starts
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.00} s: {error?.Message}");
        var live = Assert.IsType<LiveStreamException>(error);
        Assert.Equal($"srt://127.0.0.1:{port}", live.Url);
        Assert.DoesNotContain("secretsecret", live.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("http://example.com/live/key", "scheme 'http'")]
    [InlineData("file:///tmp/x.flv", "scheme 'file'")]
    [InlineData("rtmp://example.com/live", "application and a stream key")]
    [InlineData("srt://example.com", "no port")]
    [InlineData("not a url", "not an absolute URL")]
    public void Urls_other_than_rtmp_rtmps_srt_are_refused_with_the_reason(string url, string reason)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new LiveStreamOutput(Options(url)));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rtmp://a.rtmp.youtube.com/live2/abcd-efgh", "rtmp://a.rtmp.youtube.com/live2/***")]
    [InlineData("rtmps://user:pw@live.example.com:443/app/key?x=1", "rtmps://live.example.com:443/app/***")]
    [InlineData("srt://10.0.0.1:9000?streamid=publish:key&passphrase=p", "srt://10.0.0.1:9000")]
    public void Redacted_urls_keep_the_server_and_hide_the_secrets(string url, string redacted) =>
        Assert.Equal(redacted, LiveStreamUrl.Redact(url));

    [Fact]
    public void A_20_kb_url_is_refused_and_shown_cut_short()
    {
        string url = $"rtmp://example.com/{new string('a', 20 * 1024)}/key";

        var e = Assert.ThrowsAny<ArgumentException>(() => new LiveStreamOutput(Options(url)));

        Assert.StartsWith($"The URL is {url.Length} characters long; at most 2048 are accepted ('rtmp://example.com/aaa", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 400, e.Message);
        Assert.Equal(LiveStreamUrl.MaxShownLength, LiveStreamUrl.Redact(url).Length);
        Assert.EndsWith("…", LiveStreamUrl.Redact(url), StringComparison.Ordinal);
    }
}
