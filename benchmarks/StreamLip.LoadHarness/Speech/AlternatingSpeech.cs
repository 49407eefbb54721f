namespace StreamLip.LoadHarness.Speech;

/// <summary>
/// The soak's microphone: the speech loop for <c>phase</c>, then digital silence for as long, and so on; every client is
/// in the same phase, so the server swings between all sessions speaking (full batches) and all idle (no inference).
/// </summary>
internal sealed class AlternatingSpeech(SpeechLoop speech, TimeSpan phase) : IMicrophoneSource
{
    private readonly byte[] _silence = new byte[BrowserLikeClient.ChunkSamples * sizeof(float)];
    private readonly long _phaseChunks = Math.Max(1, (long)(phase / TimeSpan.FromMilliseconds(20)));

    public int Chunks => speech.Chunks;

    public ReadOnlySpan<byte> Chunk(int offsetChunks, long index) =>
        index / _phaseChunks % 2 == 0 ? speech.Chunk(offsetChunks, index) : _silence;
}
