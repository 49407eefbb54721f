namespace StreamLip.Server.Options;

/// <summary>An OpenAI-compatible HTTP endpoint (llama.cpp server, vLLM, Ollama, a hosted API).</summary>
public sealed class EndpointOptions
{
    /// <summary>Base URL up to and including <c>/v1</c> (e.g. <c>http://127.0.0.1:11434/v1</c> for Ollama), or null for none.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The model's name at the endpoint. Default <c>default</c>.</summary>
    public string Model { get; set; } = "default";

    /// <summary>The API key sent as a bearer token (never logged), or null for an endpoint that needs none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Seconds one HTTP request may take before it is abandoned. Default 60.</summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Checks the settings; <paramref name="check"/> records each failure (ok, key, message).</summary>
    internal void Validate(string prefix, Action<bool, string, string> check)
    {
        check(BaseUrl is null || (BaseUrl.IsAbsoluteUri && BaseUrl.Scheme is "http" or "https"), prefix + "BaseUrl", $"is '{BaseUrl}'; it must be an absolute http(s) URL");
        check(!string.IsNullOrWhiteSpace(Model), prefix + "Model", "is empty; name the endpoint's model");
        check(TimeoutSeconds is >= 1 and <= 3600, prefix + "TimeoutSeconds", $"is {TimeoutSeconds}; it must be 1..3600");
    }
}
