using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using StreamLip.Server.Observability;
using StreamLip.Server.Options;
using StreamLip.Server.Security;

namespace StreamLip.Server.Tests.Security;

/// <summary>The authentication middleware alone, on a small host with a control endpoint and a viewer endpoint.</summary>
public sealed class BearerAuthMiddlewareTests
{
    private const string Key = "middleware-key-0123456789abcdef";
    private const string OtherKey = "second-middleware-key-abcdef0123";

    [Fact]
    public async Task No_token_is_a_401_with_a_bearer_challenge_and_a_generic_problem()
    {
        await using var host = await StartAsync();

        using var response = await host.Client.PostAsync("/api/sessions/s1/stop", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_key_gets_the_very_same_answer_as_none()
    {
        await using var host = await StartAsync();

        string none = await ProblemAsync(await host.SendAsync(HttpMethod.Post, "/api/sessions/s1/stop", null));
        string wrong = await ProblemAsync(await host.SendAsync(HttpMethod.Post, "/api/sessions/s1/stop", Key + "x"));
        string shorter = await ProblemAsync(await host.SendAsync(HttpMethod.Post, "/api/sessions/s1/stop", Key[..^1]));

        Assert.Equal(none, wrong);
        Assert.Equal(none, shorter);
        Assert.DoesNotContain(Key, none, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Key)]
    [InlineData(OtherKey)]
    public async Task Each_configured_key_is_let_through_and_named_by_its_fingerprint(string key)
    {
        await using var host = await StartAsync();

        using var response = await host.SendAsync(HttpMethod.Post, "/api/sessions/s1/stop", key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ApiKeys.Fingerprint(key), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_key_may_come_as_access_token_in_the_query()
    {
        await using var host = await StartAsync();

        using var response = await host.Client.PostAsync($"/api/sessions/s1/stop?access_token={Key}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_viewer_token_watches_its_own_session_only_and_controls_nothing()
    {
        await using var host = await StartAsync();
        string token = host.Services.GetRequiredService<ViewerTokens>().Issue("s1");

        using var watch = await host.SendAsync(HttpMethod.Get, "/api/sessions/s1/watch", token);
        using var watchOther = await host.SendAsync(HttpMethod.Get, "/api/sessions/s2/watch", token);
        using var stop = await host.SendAsync(HttpMethod.Post, "/api/sessions/s1/stop", token);
        using var hub = await host.SendAsync(HttpMethod.Post, "/hub/negotiate", token);

        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        Assert.Equal("viewer of s1", await watch.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, watchOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stop.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, hub.StatusCode);
        Assert.Empty(stop.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task A_revoked_viewer_token_is_just_a_wrong_token()
    {
        await using var host = await StartAsync();
        var tokens = host.Services.GetRequiredService<ViewerTokens>();
        string token = tokens.Issue("s1");
        tokens.Revoke("s1");

        using var watch = await host.SendAsync(HttpMethod.Get, "/api/sessions/s1/watch", token);

        Assert.Equal(HttpStatusCode.Unauthorized, watch.StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/viewer")]
    [InlineData("/apis")]
    public async Task Paths_outside_api_hub_and_metrics_are_public(string path)
    {
        await using var host = await StartAsync();

        using var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_need_a_key_unless_made_public()
    {
        await using var closed = await StartAsync();
        await using var open = await StartAsync(o => o.Auth.PublicMetrics = true);

        Assert.Equal(HttpStatusCode.Unauthorized, (await closed.Client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await open.Client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Disabled_auth_lets_everyone_in_as_anonymous()
    {
        await using var host = await StartAsync(o => o.Auth.Disabled = true);

        using var response = await host.Client.PostAsync("/api/sessions/s1/stop", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Caller.Anonymous, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return $"{body.GetProperty("status")} {body.GetProperty("title")} {body.GetProperty("detail")} {string.Join(',', response.Headers.WwwAuthenticate)}";
    }

    private static async Task<Host> StartAsync(Action<ServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddProblemDetails();
        builder.Services.Configure<ServerOptions>(o =>
        {
            o.Auth.ApiKeys.Add(Key);
            o.Auth.ApiKeys.Add(OtherKey);
            configure?.Invoke(o);
        });
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton<ViewerTokens>();
        builder.Services.AddSingleton<ServerMetrics>();
        var app = builder.Build();
        app.UseMiddleware<BearerAuthMiddleware>();
        app.MapPost("/api/sessions/{id}/stop", (HttpContext http) => Caller.KeyOf(http.User) ?? "none");
        app.MapGet("/api/sessions/{id}/watch", (HttpContext http) => "viewer of " + Caller.ViewerOf(http.User)).AllowViewerToken();
        app.MapPost("/hub/negotiate", () => "negotiated");
        foreach (string? path in new[] { "/healthz", "/readyz", "/viewer", "/apis", "/metrics" })
        {
            app.MapGet(path, () => "open");
        }

        await app.StartAsync();
        return new Host(app);
    }

    private sealed class Host(WebApplication app) : IAsyncDisposable
    {
        public HttpClient Client { get; } = app.GetTestClient();

        public IServiceProvider Services => app.Services;

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token)
        {
            using var request = new HttpRequestMessage(method, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return await Client.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
