namespace StreamLip.Realtime.Audio;

/// <summary>The kinds of <see cref="AudioPlacement"/>.</summary>
internal enum AudioPlacementAction
{
    /// <summary>Write <see cref="AudioPlacement.Silence"/> samples of silence (often 0), then the chunk, where the timeline ends.</summary>
    Append,

    /// <summary>The stream stopped for long: start a new mel segment at <see cref="AudioPlacement.Position"/> (a multiple of 200 ms), silence, then the chunk.</summary>
    NewSegment,

    /// <summary>The stream runs too far ahead of the clock (the sender's clock is fast): drop the chunk.</summary>
    Drop,

    /// <summary>A quiet chunk left out to shed a steady lead over the clock (the pause absorbs it; nothing heard is lost).</summary>
    Shed,
}
