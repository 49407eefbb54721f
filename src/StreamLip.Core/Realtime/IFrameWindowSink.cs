namespace StreamLip.Realtime;

/// <summary>Receives each frame's completed mel window from a <see cref="SessionAudioStage"/>.</summary>
internal interface IFrameWindowSink
{
    /// <summary>Frame <paramref name="frame"/>'s window is complete.</summary>
    /// <param name="frame">Session frame number.</param>
    /// <param name="window">80 × 16 values, band-major; valid during the call only.</param>
    /// <param name="silent">True when every value is silence (no inference needed).</param>
    /// <param name="arrival">Timestamp of the audio chunk that completed the window.</param>
    void OnWindow(long frame, ReadOnlySpan<float> window, bool silent, long arrival);
}
