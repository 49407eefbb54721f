namespace StreamLip.Onnx.Sessions;

/// <summary>The outcome of appending execution providers to a session's options.</summary>
/// <param name="Chosen">ORT name of the first provider appended: the one that runs the model.</param>
/// <param name="Appended">ORT names of every provider appended, in order (the CPU provider is always last).</param>
/// <param name="Skipped">One line per requested provider that was not appended, saying why.</param>
internal sealed record ProviderChoice(string Chosen, IReadOnlyList<string> Appended, IReadOnlyList<string> Skipped);
