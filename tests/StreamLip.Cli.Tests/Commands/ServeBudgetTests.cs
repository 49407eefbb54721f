using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StreamLip.Cli.Tests.Infrastructure;
using StreamLip.Tests.BadInput;

namespace StreamLip.Cli.Tests.Commands;

/// <summary>
/// Issue #14 against the real server process: files that are small on disk and huge once decoded are refused from
/// their headers with a 4xx naming the setting, and the server's resident memory is back within 50 MiB of where it
/// was within a minute — after a refusal, and after a session that played ten minutes of audio ends.
/// </summary>
public sealed class ServeBudgetTests(ServeBudgetTests.Server server) : IClassFixture<ServeBudgetTests.Server>
{
    private const double SlackMiB = 50;

    public static TheoryData<string> Refusals => [.. Cases.Keys];

    /// <summary>Each refused upload: the file, the status and what the problem's detail must say.</summary>
    private static readonly Dictionary<string, (Func<string, Task<string>> Make, HttpStatusCode Status, string[] Fragments)> Cases = new()
    {
        ["two-hour-flac"] = (dir => Gst(dir, "long.flac", "audiotestsrc wave=silence samplesperbuffer=16000 num-buffers=7200 ! audio/x-raw,rate=16000,channels=1 ! flacenc ! filesink location={0}"),
            HttpStatusCode.RequestEntityTooLarge, ["'upload' declares 7200 s of audio; at most 600 s are accepted here.", "StreamLip:Speech:MaxUploadSeconds"]),
        ["two-hour-flac-that-states-no-length"] = (dir => Gst(dir, "piped.flac", "audiotestsrc wave=silence samplesperbuffer=16000 num-buffers=7200 ! audio/x-raw,rate=16000,channels=1 ! flacenc ! fdsink fd=1", piped: true),
            HttpStatusCode.RequestEntityTooLarge, ["of audio; at most 600 s are accepted here.", "StreamLip:Speech:MaxUploadSeconds"]),
        ["forty-minute-wav-under-the-upload-limit"] = (dir => Task.FromResult(BadAudioFiles.WriteSilence(Path.Combine(dir, "long.wav"), seconds: 2400, rate: 8000, bits: 8)),
            HttpStatusCode.RequestEntityTooLarge, ["'upload' declares 2400 s of audio", "StreamLip:Speech:MaxUploadSeconds"]),
        ["one-hertz-wav"] = (dir => Task.FromResult(BadAudioFiles.Write("one-hertz-sample-rate", dir)),
            HttpStatusCode.BadRequest, ["a sample rate of 1 Hz, too low for speech"]),
        ["pixel-bomb-sent-as-audio"] = (dir => Task.FromResult(BadImageFiles.WritePixelBomb(Path.Combine(dir, "bomb.png"))),
            HttpStatusCode.BadRequest, ["'upload' has no audio stream: it holds image/png."]),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_decoding_bomb_is_refused_from_its_header_and_memory_stays_where_it_was(string name)
    {
        var (make, status, fragments) = Cases[name];
        string file = await make(server.Directory);
        double before = server.Process.ResidentMiB();

        using var response = await server.Process.Client.PostAsync($"/api/sessions/{server.SessionId}/audio", new ByteArrayContent(await File.ReadAllBytesAsync(file)));

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        string? detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString();
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, detail, StringComparison.Ordinal);
        }

        await AssertMemoryBackAsync(before, name);
    }

    [Fact]
    public async Task Ten_minutes_of_audio_played_then_the_session_ended_gives_its_memory_back()
    {
        string file = await Gst(server.Directory, "tone.flac", "audiotestsrc wave=sine freq=300 volume=0.3 samplesperbuffer=16000 num-buffers=590 ! audio/x-raw,rate=16000,channels=1 ! flacenc ! filesink location={0}");
        double before = server.Process.ResidentMiB();
        string id = await server.StartSessionAsync();

        using (var response = await server.Process.Client.PostAsync($"/api/sessions/{id}/audio", new ByteArrayContent(await File.ReadAllBytesAsync(file))))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        double playing = server.Process.ResidentMiB();
        (await server.Process.Client.DeleteAsync($"/api/sessions/{id}")).EnsureSuccessStatusCode();

        await AssertMemoryBackAsync(before, $"590 s played (resident {playing:F0} MiB while playing)");
    }

    [Fact]
    public async Task A_pixel_bomb_uploaded_as_an_avatar_fails_its_build_naming_the_setting_and_the_server_is_unharmed()
    {
        string bomb = BadImageFiles.WritePixelBomb(Path.Combine(server.Directory, "avatar-bomb.png"));
        double before = server.Process.ResidentMiB();

        using var response = await server.Process.Client.PostAsync("/api/avatars?name=bomb", new ByteArrayContent(await File.ReadAllBytesAsync(bomb)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string? statusUrl = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusUrl").GetString();
        JsonElement build;
        do
        {
            await Task.Delay(500);
            build = await server.Process.Client.GetFromJsonAsync<JsonElement>(statusUrl);
        }
        while (build.GetProperty("state").GetString() is "running");

        Assert.Equal("failed", build.GetProperty("state").GetString());
        string? message = build.GetProperty("message").GetString();
        Assert.Contains("'upload' has frames of 30000×30000 pixels (900 megapixels); at most 8294400 pixels", message, StringComparison.Ordinal);
        Assert.Contains("AvatarCreator:MaxPixels", message, StringComparison.Ordinal);
        string avatars = await server.Process.Client.GetStringAsync("/api/avatars");
        Assert.DoesNotContain("\"bomb\"", avatars, StringComparison.Ordinal);
        await AssertMemoryBackAsync(before, "avatar bomb");
    }

    private async Task AssertMemoryBackAsync(double beforeMiB, string what)
    {
        double after = await server.Process.SettleAsync(beforeMiB, SlackMiB, TimeSpan.FromSeconds(60));
        Assert.True(after <= beforeMiB + SlackMiB, $"{what}: resident {beforeMiB:F0} MiB before, {after:F0} MiB a minute after.\n{server.Process.Output}");
        using var health = await server.Process.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>Runs gst-launch with <c>{0}</c> in <paramref name="description"/> as the file (or its standard output into it).</summary>
    private static async Task<string> Gst(string directory, string name, string description, bool piped = false)
    {
        string path = Path.Combine(directory, name);
        if (File.Exists(path))
        {
            return path;
        }

        string launch = string.Format(System.Globalization.CultureInfo.InvariantCulture, description, path);
        await Task.Run(() => GstLaunch.Run(launch, stdoutTo: piped ? path : null));
        return path;
    }

    /// <summary>
    /// One server for the class, warmed up first (a session that plays two seconds, an image sent as audio, a WAV
    /// refused): the first session loads libraries and compiles code, which would count against the first case.
    /// </summary>
    public sealed class Server : IAsyncLifetime
    {
        public string Directory { get; } = Repo.TempDirectory();

        public ServeProcess Process { get; private set; } = null!;

        public string SessionId { get; private set; } = "";

        public async Task InitializeAsync()
        {
            string avatars = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "avatars")).FullName;
            System.IO.Directory.CreateSymbolicLink(Path.Combine(avatars, "astronaut"), Repo.RequireBuiltInAvatar());
            Process = await ServeProcess.StartAsync($"--StreamLip:AvatarsDirectory={avatars}", "--StreamLip:NativeMemoryTrimSeconds=5");
            SessionId = await StartSessionAsync();
            string warmUp = await Gst(Directory, "short.flac", "audiotestsrc wave=sine freq=300 samplesperbuffer=16000 num-buffers=2 ! audio/x-raw,rate=16000,channels=1 ! flacenc ! filesink location={0}");
            string tiny = BadImageFiles.WritePixelBomb(Path.Combine(Directory, "tiny.png"), 16, 16);
            foreach (string? file in new[] { warmUp, tiny, BadAudioFiles.Write("one-hertz-sample-rate", Directory) })
            {
                using var response = await Process.Client.PostAsync($"/api/sessions/{SessionId}/audio", new ByteArrayContent(await File.ReadAllBytesAsync(file)));
            }

            await Task.Delay(TimeSpan.FromSeconds(12)); // the two seconds play; a trim or two runs
        }

        public async Task<string> StartSessionAsync()
        {
            using var response = await Process.Client.PostAsync("/api/sessions", JsonContent.Create(new { }));
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        public async Task DisposeAsync()
        {
            await Process.DisposeAsync();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
