using System.Net.Http.Json;
using System.Text.Json;
using StreamLip.Server.Observability;
using StreamLip.Server.Sessions;

namespace StreamLip.LoadHarness.Server;

/// <summary>The server's HTTP API as the harness uses it: offer, stop, stats.</summary>
internal sealed class SignallingClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    public SignallingClient(Uri baseAddress, string? apiKey)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    /// <summary><c>POST /api/webrtc/offer</c>: starts a session; returns its id and the complete answer.</summary>
    public async Task<OfferResponse> OfferAsync(string sdp, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("api/webrtc/offer", new OfferRequest(sdp, null), Json, cancellationToken).ConfigureAwait(false);
        await ThrowUnlessSuccessAsync(response, "offer", cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<OfferResponse>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("The offer's answer is JSON null.");
    }

    /// <summary><c>DELETE /api/webrtc/{id}</c>: stops a session; false when the server no longer had it.</summary>
    public async Task<bool> StopAsync(string sessionId, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.DeleteAsync(new Uri("api/webrtc/" + Uri.EscapeDataString(sessionId), UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    /// <summary><c>GET /api/stats</c>.</summary>
    public async Task<StatsResponse> StatsAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<StatsResponse>("api/stats", Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("/api/stats returned JSON null.");

    public void Dispose() => _http.Dispose();

    private static async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"The server refused the {call} ({(int)response.StatusCode}): {body}", null, response.StatusCode);
        }
    }
}
