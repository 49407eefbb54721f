namespace StreamLip.LoadHarness.Speech;

/// <summary>A looped microphone signal handed out as one buffer per 20 ms (raw PCM, or Opus packets).</summary>
internal interface IMicrophoneSource
{
    /// <summary>Length of the loop in 20 ms chunks.</summary>
    int Chunks { get; }

    /// <summary>The bytes of chunk <paramref name="index"/> for a client that starts <paramref name="offsetChunks"/> chunks into the loop (valid until the source is dropped).</summary>
    ReadOnlySpan<byte> Chunk(int offsetChunks, long index);
}
