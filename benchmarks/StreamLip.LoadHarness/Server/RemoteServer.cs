namespace StreamLip.LoadHarness.Server;

/// <summary>A server started elsewhere (e.g. <c>streamlip serve --urls ...</c>) and measured through its process id.</summary>
internal sealed class RemoteServer(Uri baseAddress, int? processId, string? apiKey) : IServerTarget
{
    public string? ApiKey { get; } = apiKey;

    public Uri BaseAddress { get; } = baseAddress;

    public int? ProcessId { get; } = processId;

    public bool InProcess => false;

    public string Description => $"separate process {(ProcessId is { } pid ? pid.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(pid unknown)")} at {BaseAddress}";

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
