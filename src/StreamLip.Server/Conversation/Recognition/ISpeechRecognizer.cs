namespace StreamLip.Server.Conversation.Recognition;

/// <summary>
/// One conversation's speech recogniser: one utterance at a time, fed as the user speaks (16 kHz mono), with a partial
/// result on the way and the final text at the end. Called from one loop at a time (not thread-safe); disposed with
/// its conversation.
/// </summary>
internal interface ISpeechRecognizer : IDisposable
{
    /// <summary>The engine's name as settings and logs call it (<c>sphinx</c>, <c>whisper</c>, <c>openai</c>).</summary>
    string Engine { get; }

    /// <summary>Starts an utterance (abandoning one in progress).</summary>
    void Begin();

    /// <summary>More of the utterance (valid during the call only). An engine that decodes as it goes does it here.</summary>
    void Write(ReadOnlySpan<float> samples16k);

    /// <summary>The best guess so far, or null when the engine has none (or gives none before the end).</summary>
    string? Partial();

    /// <summary>Ends the utterance and returns what was said (empty when nothing was recognised).</summary>
    /// <exception cref="RecognitionException">The engine failed (the message says how).</exception>
    Task<string> FinishAsync(CancellationToken cancellationToken);
}
