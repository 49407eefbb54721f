using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace StreamLip.Server.Tests.Avatars;

/// <summary>
/// <c>POST /api/avatars?name=</c>: the real builder (<c>streamlip avatar build</c> in its own process: GStreamer, dlib's
/// HOG detector, the landmark model) makes an avatar from an upload; bad files, crashes and limits cost only that build.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AvatarCreatorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "streamlip-creator-tests", Guid.NewGuid().ToString("N"));
    private readonly AvatarFixture _avatars;

    public AvatarCreatorTests(AvatarFixture avatars)
    {
        _avatars = avatars;
        avatars.CopyTo(_root);
    }

    private static string Astronaut => Path.Combine(StreamLipHome.Path, ".cache", "astronaut.png");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_photo_becomes_an_avatar_with_its_progress_reported_and_a_preview()
    {
        using var factory = Server();
        using var client = factory.CreateClient();

        using var created = await PostAsync(client, "mine", await File.ReadAllBytesAsync(Astronaut));

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var job = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("mine", job.GetProperty("name").GetString());
        Assert.Equal(created.Headers.Location?.ToString(), job.GetProperty("statusUrl").GetString());
        var done = await WaitAsync(client, job);
        Assert.True(done.GetProperty("state").GetString() == "succeeded", done.ToString());
        Assert.Equal(100, done.GetProperty("progress").GetDouble());
        Assert.Contains("Built avatar mine: image, 50 frames of 512×512, face 96 px, framing haar", done.GetProperty("message").GetString(), StringComparison.Ordinal);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/avatars");
        Assert.Contains("mine", list.GetProperty("avatars").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/avatars/mine/preview.png")).StatusCode);
        using var offer = await Sdp.PostOfferAsync(client, avatar: "mine");
        Assert.True(offer.IsSuccessStatusCode, await offer.Content.ReadAsStringAsync());
        Assert.Equal(["mine", AvatarFixture.Name], Directory.GetDirectories(_root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_file_that_is_not_a_photo_fails_with_the_builders_reason_and_leaves_nothing()
    {
        using var factory = Server();
        using var client = factory.CreateClient();

        using var created = await PostAsync(client, "bogus", "this is not a picture of anyone"u8.ToArray());
        var done = await WaitAsync(client, await created.Content.ReadFromJsonAsync<JsonElement>());

        Assert.Equal("failed", done.GetProperty("state").GetString());
        Assert.Contains("is not a media file GStreamer can read", done.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal([AvatarFixture.Name], Directory.GetDirectories(_root).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "streamlip-avatar-*"));
    }

    [Fact]
    public async Task A_builder_that_crashes_costs_one_build_and_the_server_goes_on()
    {
        // The builder dies of a segmentation fault, as one might on a hostile file.
        using var factory = Server(("StreamLip:AvatarCreator:BuilderExecutable", "/bin/sh"), ("StreamLip:AvatarCreator:BuilderArguments:0", "-c"), ("StreamLip:AvatarCreator:BuilderArguments:1", "mkdir -p \"$5.partial-1\" && kill -SEGV $$"), ("StreamLip:AvatarCreator:BuilderArguments:2", "sh"));
        using var client = factory.CreateClient();
        using var session = await Sdp.PostOfferAsync(client);
        Assert.True(session.IsSuccessStatusCode);

        using var created = await PostAsync(client, "crashy", await File.ReadAllBytesAsync(Astronaut));
        var done = await WaitAsync(client, await created.Content.ReadFromJsonAsync<JsonElement>());

        Assert.Equal("failed", done.GetProperty("state").GetString());
        Assert.Contains("The builder crashed or stopped without saying why (exit code 139", done.GetProperty("message").GetString(), StringComparison.Ordinal);
        // Its half-written staging directory is gone, the session still runs, the server still serves.
        Assert.Equal([AvatarFixture.Name], Directory.GetDirectories(_root).Select(Path.GetFileName));
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/stats");
        Assert.Equal(1, stats.GetProperty("engine").GetProperty("activeSessions").GetInt32());
    }

    [Fact]
    public async Task One_build_runs_at_a_time()
    {
        using var factory = Server(("StreamLip:AvatarCreator:BuilderExecutable", "/bin/sh"), ("StreamLip:AvatarCreator:BuilderArguments:0", "-c"), ("StreamLip:AvatarCreator:BuilderArguments:1", "sleep 3"), ("StreamLip:AvatarCreator:BuilderArguments:2", "sh"));
        using var client = factory.CreateClient();

        using var first = await PostAsync(client, "first", [1, 2, 3]);
        using var second = await PostAsync(client, "second", [1, 2, 3]);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("Avatar 'first' is being built", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotNull(second.Headers.RetryAfter);
    }

    [Fact]
    public async Task The_builder_runs_below_the_sessions_priority()
    {
        using var factory = Server(("StreamLip:AvatarCreator:BuilderExecutable", "/bin/sh"), ("StreamLip:AvatarCreator:BuilderArguments:0", "-c"), ("StreamLip:AvatarCreator:BuilderArguments:1", "sleep 0.2; echo \"niceness $(nice)\""), ("StreamLip:AvatarCreator:BuilderArguments:2", "sh"));
        using var client = factory.CreateClient();

        using var created = await PostAsync(client, "nice", [1, 2, 3]);
        var done = await WaitAsync(client, await created.Content.ReadFromJsonAsync<JsonElement>());

        // The builder's niceness is raised (BelowNormal = nice 10 on Linux); a server at normal priority has 0.
        string line = Assert.Single(done.GetProperty("report").EnumerateArray().Select(l => l.GetString()!), l => l.StartsWith("niceness ", StringComparison.Ordinal));
        Assert.True(int.Parse(line["niceness ".Length..], System.Globalization.CultureInfo.InvariantCulture) >= 5, line);
    }

    [Theory]
    [InlineData("tester", 3, HttpStatusCode.Conflict, "An avatar 'tester' exists")]
    [InlineData("../up", 3, HttpStatusCode.BadRequest, "letters, digits, '-' and '_'")]
    [InlineData("", 3, HttpStatusCode.BadRequest, "Name the avatar with ?name=")]
    [InlineData("fine", 0, HttpStatusCode.BadRequest, "The body is empty")]
    [InlineData("big", 4096, HttpStatusCode.RequestEntityTooLarge, "At most 2048 bytes")]
    public async Task Bad_requests_are_refused_before_any_build(string name, int bytes, HttpStatusCode status, string detail)
    {
        using var factory = Server(("StreamLip:AvatarCreator:MaxUploadBytes", "2048"));
        using var client = factory.CreateClient();

        using var response = await PostAsync(client, name, new byte[bytes]);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal([AvatarFixture.Name], Directory.GetDirectories(_root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Building_needs_the_key_and_an_unknown_build_is_a_404()
    {
        using var factory = Server();
        using var client = factory.CreateClient();
        using var anonymous = factory.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, "mine", [1])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/avatars/builds/nothing")).StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string name, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return client.PostAsync($"/api/avatars?name={Uri.EscapeDataString(name)}", content);
    }

    private static async Task<JsonElement> WaitAsync(HttpClient client, JsonElement job)
    {
        string? url = job.GetProperty("statusUrl").GetString();
        var seen = new List<double>();
        for (int i = 0; i < 600; i++)
        {
            job = await client.GetFromJsonAsync<JsonElement>(url);
            seen.Add(job.GetProperty("progress").GetDouble());
            if (job.GetProperty("state").GetString() != "running")
            {
                Assert.True(seen.Zip(seen.Skip(1)).All(p => p.Second >= p.First), $"progress went back: {string.Join(", ", seen)}");
                return job;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The build did not end in 60 s: {job}");
    }

    private ServerFactory Server(params (string Key, string Value)[] settings) =>
        new(_avatars, settings.Append((Key: "StreamLip:AvatarsDirectory", Value: _root)).ToDictionary(s => s.Key, s => (string?)s.Value));
}
