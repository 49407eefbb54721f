using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using StreamLip.Server.Options;

namespace StreamLip.Server.Conversation;

/// <summary>
/// How StreamLip talks to an OpenAI-compatible endpoint (chat or transcription): its base URL, a network timeout, no
/// retries (a user waits on the answer: a failure is reported at once), and a bearer key — some key even for servers
/// that need none (llama.cpp, Ollama ignore it; the client requires one). Errors are described by host, never by key.
/// </summary>
internal sealed class OpenAiEndpoint
{
    public OpenAiEndpoint(EndpointOptions endpoint)
    {
        Uri baseUrl = endpoint.BaseUrl ?? throw new ArgumentException("The endpoint has no BaseUrl.", nameof(endpoint));
        Where = $"{baseUrl.Scheme}://{baseUrl.Authority}";
        Model = endpoint.Model;
        Credential = new ApiKeyCredential(string.IsNullOrEmpty(endpoint.ApiKey) ? "none" : endpoint.ApiKey);
        ClientOptions = new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            NetworkTimeout = TimeSpan.FromSeconds(endpoint.TimeoutSeconds),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
    }

    /// <summary>scheme://host:port, for messages.</summary>
    public string Where { get; }

    public string Model { get; }

    public ApiKeyCredential Credential { get; }

    public OpenAIClientOptions ClientOptions { get; }

    /// <summary>"answered HTTP 503" (or "answered with an error" without a status) for <paramref name="e"/>.</summary>
    public static string Answered(ClientResultException e) => "answered " + (e.Status == 0 ? "with an error" : "HTTP " + e.Status);
}
