namespace StreamLip.Onnx.Sessions;

/// <summary>What a session is built with.</summary>
/// <param name="Providers">Execution providers in order of preference.</param>
/// <param name="IntraOpThreads">Threads inside one operator; 0 = ORT's choice.</param>
internal sealed record SessionSettings(IReadOnlyList<ExecutionProvider> Providers, int IntraOpThreads);
