namespace StreamLip.Tests.Shared.WebRtc;

/// <summary>What a <see cref="BrowserLikeClient"/> does with the video it receives; every mode counts the frames.</summary>
internal enum VideoHandling
{
    /// <summary>Decoded and converted to BGRx; each frame's size and mean colour are measured (what the Media tests assert).</summary>
    DecodeToBgrx,

    /// <summary>
    /// Decoded, and the decoder's I420 goes to the appsink as it is: no conversion, no pixel touched, so the client costs
    /// what a browser's decoder costs, not more (the load harness's default clients).
    /// </summary>
    Decode,

    /// <summary>Depayloaded and counted, never decoded: what is left of the client's CPU is the transport (light clients).</summary>
    Depayload,
}
