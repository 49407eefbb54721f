using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StreamLip.Server.Tests.BadInput;

/// <summary>
/// One server (fake transports) that takes every bad request of the corpus in turn, so that each case also proves the
/// ones before it left the server healthy. Beside its avatars directory lies a real avatar ("outside") that a path
/// traversal would reach.
/// </summary>
public sealed class BadInputServer : IDisposable
{
    public BadInputServer()
    {
        Avatars = new AvatarFixture();
        Factory = new ServerFactory(Avatars, new Dictionary<string, string?> { ["StreamLip:MaxSessions"] = "4" });
        string outside = Path.Combine(Path.GetDirectoryName(Avatars.Root)!, Path.GetFileName(Avatars.Root) + "-outside");
        CopyDirectory(Path.Combine(Avatars.Root, AvatarFixture.Name), outside);
        OutsideAvatar = outside;
    }

    internal AvatarFixture Avatars { get; }

    internal ServerFactory Factory { get; }

    /// <summary>A built avatar outside the avatars directory (absolute path).</summary>
    public string OutsideAvatar { get; }

    /// <summary>The same, named relative to the avatars directory ("../x-outside").</summary>
    public string OutsideAvatarRelative => "../" + Path.GetFileName(OutsideAvatar);

    /// <summary>Asserts the server is healthy: /healthz answers ok with no session left over, and a normal offer still
    /// starts a session (which is then stopped).</summary>
    public async Task AssertHealthyAsync(HttpClient client)
    {
        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var body = await health.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("activeSessions").GetInt32());

        using var offer = await Sdp.PostOfferAsync(client);
        Assert.Equal(HttpStatusCode.OK, offer.StatusCode);
        string? id = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/webrtc/{id}")).StatusCode);
    }

    public void Dispose()
    {
        Factory.Dispose();
        Avatars.Dispose();
        Directory.Delete(OutsideAvatar, recursive: true);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
