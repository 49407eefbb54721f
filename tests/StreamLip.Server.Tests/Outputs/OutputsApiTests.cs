using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StreamLip.Media.Probing;
using StreamLip.Tests.Rtmp;

namespace StreamLip.Server.Tests.Outputs;

[Collection(ServerCollection.Name)]
public sealed class OutputsApiTests : IDisposable
{
    private readonly ServerFactory _factory;
    private readonly string _recordings = Directory.CreateTempSubdirectory("streamlip-recordings-").FullName;

    public OutputsApiTests(AvatarFixture avatars)
    {
        _factory = new(avatars, new Dictionary<string, string?>
        {
            ["StreamLip:Outputs:RecordingsDirectory"] = _recordings,
            ["StreamLip:Outputs:VideoBitrateKbps"] = "600",
            ["StreamLip:Outputs:KeyframeIntervalSeconds"] = "1",
            ["StreamLip:Outputs:MaxOutputsPerSession"] = "3",
        });
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_recordings, recursive: true);
    }

    [Fact]
    public async Task A_recording_of_a_session_is_an_mp4_with_frames_and_audio_that_downloads()
    {
        using var client = _factory.CreateClient();
        string id = await StartSessionAsync(client);

        using var started = await client.PostAsync($"/api/sessions/{id}/recording", null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        string file = body.GetProperty("file").GetString()!;
        Assert.StartsWith(id, file, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/sessions/{id}/recording", null)).StatusCode);
        var outputs = await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/outputs");
        Assert.Equal("recording", Assert.Single(outputs.EnumerateArray()).GetProperty("kind").GetString());

        await Task.Delay(2000);
        using var stopped = await client.DeleteAsync($"/api/sessions/{id}/recording");
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        var finished = await stopped.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(file, finished.GetProperty("file").GetString());
        Assert.InRange(finished.GetProperty("durationSeconds").GetDouble(), 1.5, 3);

        string path = Path.Combine(_recordings, file);
        MediaInfo info = MediaProbe.Probe(path);
        Assert.Equal((AvatarFixture.Size, AvatarFixture.Size, 25.0), (info.Video!.Width, info.Video.Height, info.Video.Fps));
        Assert.InRange(info.Video.FrameCount, 37, 75);
        Assert.True(info.HasAudio);
        Assert.Empty(Directory.GetFiles(_recordings, "*.partial"));

        using var download = await client.GetAsync($"/api/recordings/{file}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(new FileInfo(path).Length, (await download.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/sessions/{id}/recording")).StatusCode);
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("..mp4")]
    [InlineData("a%2Fb.mp4")]
    [InlineData("notes.txt")]
    public async Task Recording_names_that_are_not_plain_mp4_file_names_are_a_400(string name)
    {
        using var client = _factory.CreateClient();
        using var response = await client.GetAsync($"/api/recordings/{name}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Outputs_of_an_unknown_session_are_a_404_and_bad_stream_urls_a_400()
    {
        using var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/sessions/nope/recording", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/sessions/nope/outputs")).StatusCode);
        string id = await StartSessionAsync(client);
        using var bad = await client.PostAsJsonAsync($"/api/sessions/{id}/stream", new { url = "http://example.com/live/key" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("rtmp://", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_virtual_camera_without_a_loopback_device_is_a_503_that_says_how_to_get_one()
    {
        using var client = _factory.CreateClient();
        string id = await StartSessionAsync(client);
        using var response = await client.PostAsJsonAsync($"/api/sessions/{id}/virtual-camera", new { device = "/dev/video-streamlip-missing" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("modprobe v4l2loopback", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_srt_target_that_does_not_answer_is_a_502_not_a_201_that_vanishes()
    {
        // libsrt reports an unreachable listener after its 3 s connect timeout, past the 1.5 s start check.
        using var client = _factory.CreateClient();
        string id = await StartSessionAsync(client);
        var clock = Stopwatch.StartNew();

        using var response = await client.PostAsJsonAsync($"/api/sessions/{id}/stream", new { url = $"srt://127.0.0.1:{NginxRtmpServer.FreePort()}" });

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadGateway, $"{response.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s: {body}");
        Assert.Contains("srt://127.0.0.1:", body, StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/outputs")).EnumerateArray());
    }

    [Fact]
    public async Task A_stream_to_nginx_reads_back_and_a_refused_one_is_a_502()
    {
        using var nginx = new NginxRtmpServer();
        using var client = _factory.CreateClient();
        string id = await StartSessionAsync(client);

        using var refused = await client.PostAsJsonAsync($"/api/sessions/{id}/stream", new { url = $"rtmp://127.0.0.1:{NginxRtmpServer.FreePort()}/live/key" });
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Contains("refused", await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The reader: nginx holds a player until the stream is published; -e + SIGINT finishes its MP4.
        string url = nginx.NewStreamUrl();
        string copy = Path.Combine(_recordings, "readback.mp4");
        using var reader = Process.Start(new ProcessStartInfo("timeout", [
            "-s", "INT", "7", "gst-launch-1.0", "-e", "rtmp2src", $"location={url}", "!", "flvdemux", "name=d",
            "d.video", "!", "queue", "!", "h264parse", "!", "mp4mux", "name=m", "!", "filesink", $"location={copy}",
            "d.audio", "!", "queue", "!", "aacparse", "!", "m."])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await Task.Delay(500);

        using var started = await client.PostAsJsonAsync($"/api/sessions/{id}/stream", new { url, videoBitrateKbps = 500 });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        string outputId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outputId").GetString()!;
        var outputs = await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/outputs");
        string target = Assert.Single(outputs.EnumerateArray()).GetProperty("target").GetString()!;
        Assert.EndsWith("/live/***", target, StringComparison.Ordinal);

        await Task.Delay(2500);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/sessions/{id}/stream/{outputId}")).StatusCode);
        await reader.WaitForExitAsync();

        MediaInfo info = MediaProbe.Probe(copy);
        Assert.True(info.Video!.FrameCount >= 50, $"{info.Video.FrameCount} frames read back; reader: {await reader.StandardError.ReadToEndAsync()}");
        Assert.Equal(AvatarFixture.Size, info.Video.Width);
        Assert.True(info.HasAudio);
    }

    private static async Task<string> StartSessionAsync(HttpClient client)
    {
        using var response = await Sdp.PostOfferAsync(client);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
    }
}
