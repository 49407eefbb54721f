namespace StreamLip.LoadHarness.Server;

/// <summary>The server under load: where it answers, and which process to measure.</summary>
internal interface IServerTarget : IAsyncDisposable
{
    /// <summary>Its base address (<c>http://127.0.0.1:PORT/</c>).</summary>
    Uri BaseAddress { get; }

    /// <summary>Its process id, or null when it could not be found (then its CPU is not measured).</summary>
    int? ProcessId { get; }

    /// <summary>True when the server runs inside the harness: its CPU cannot be told apart from the clients'.</summary>
    bool InProcess { get; }

    /// <summary>The API key the harness sends (Authorization: Bearer); null sends none (a server with auth disabled).</summary>
    string? ApiKey { get; }

    /// <summary>How it was started, for the report.</summary>
    string Description { get; }
}
