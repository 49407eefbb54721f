using System.Diagnostics;
using System.Text;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;

namespace StreamLip.Media.WebRtc;

/// <summary>Offer/answer: the offer checked, the transceivers prepared, the answer made and returned with its candidates.</summary>
public sealed partial class WebRtcPeer
{
    /// <summary>
    /// The video codec a peer for <paramref name="offerSdp"/> should send when the offer decides (the server's
    /// <c>VideoCodec=Auto</c>): <see cref="WebRtcVideoCodec.H264"/> when the offer's video m-line has an H.264 format
    /// with packetization-mode=1 of the baseline family (constrained baseline preferred), else
    /// <see cref="WebRtcVideoCodec.Vp8"/>. Call it before <see cref="Create"/>, since the encoder is part of the
    /// pipeline. Never throws: an offer that is empty, too large or not SDP gets VP8, and
    /// <see cref="AcceptOfferAsync"/> then refuses it with the same reason as for a configured codec.
    /// </summary>
    public static WebRtcVideoCodec PreferredVideoCodec(string? offerSdp)
    {
        // The largest MaxSdpBytes: no peer accepts a longer offer, so it is not worth reading.
        const int LongestOffer = 1024 * 1024;
        if (string.IsNullOrWhiteSpace(offerSdp) || offerSdp.Length > LongestOffer)
        {
            return WebRtcVideoCodec.Vp8;
        }

        try
        {
            return AnswerPlan.PreferredCodec(SdpDescription.Parse(offerSdp, "offer"));
        }
        catch (InvalidDataException)
        {
            return WebRtcVideoCodec.Vp8;
        }
    }

    /// <summary>
    /// Answers the browser's offer. Returns the answer SDP once ICE gathering completed (or
    /// <see cref="WebRtcPeerOptions.IceGatheringTimeout"/> passed), with every local candidate inside, so a client
    /// that does not trickle can use it as is. Call once per peer.
    /// </summary>
    /// <param name="offerSdp">The browser's offer (<c>pc.localDescription.sdp</c> after <c>createOffer</c>).</param>
    /// <param name="cancellationToken">Abandons the negotiation; the peer is then unusable (dispose it).</param>
    /// <returns>The answer SDP, for <c>pc.setRemoteDescription({ type: 'answer', sdp })</c>.</returns>
    /// <exception cref="ArgumentException">The offer is empty or larger than <see cref="WebRtcPeerOptions.MaxSdpBytes"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The offer is not SDP, or lacks what the session needs (ICE/DTLS attributes, a video m-line the browser receives
    /// with the configured codec, an audio m-line with Opus), or webrtcbin rejected it; the message says what.
    /// </exception>
    /// <exception cref="InvalidOperationException">An offer was already accepted (or is being accepted), or webrtcbin failed to answer.</exception>
    /// <exception cref="TimeoutException">webrtcbin did not answer within <see cref="WebRtcPeerOptions.NegotiationTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The peer was disposed.</exception>
    public async Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentNullException.ThrowIfNull(offerSdp);
        if (string.IsNullOrWhiteSpace(offerSdp))
        {
            throw new ArgumentException("The offer SDP is empty.", nameof(offerSdp));
        }

        int bytes = Encoding.UTF8.GetByteCount(offerSdp);
        if (bytes > _options.MaxSdpBytes)
        {
            throw new ArgumentException(
                $"The offer SDP is {bytes} bytes; at most {_options.MaxSdpBytes} are accepted (WebRtcPeerOptions.MaxSdpBytes).",
                nameof(offerSdp));
        }

        var plan = AnswerPlan.From(SdpDescription.Parse(offerSdp, "offer"), _options.Codec);
        int previous = Interlocked.CompareExchange(ref _negotiation, NegotiationRunning, NegotiationNone);
        if (previous != NegotiationNone)
        {
            throw new InvalidOperationException(previous == NegotiationFailed
                ? "A previous offer failed on this peer; create a new WebRtcPeer for the next offer."
                : "This peer already accepted an offer (or is accepting one); renegotiation is not supported: create a new WebRtcPeer per session.");
        }

        try
        {
            string answer = await NegotiateAsync(offerSdp, plan, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _negotiation, NegotiationDone);
            return answer;
        }
        catch (Exception e)
        {
            Volatile.Write(ref _negotiation, NegotiationFailed);
            if (Volatile.Read(ref _disposed) != 0 && e is not ObjectDisposedException)
            {
                throw new ObjectDisposedException($"The {nameof(WebRtcPeer)} was disposed while it answered the offer.", e);
            }

            throw;
        }
    }

    private async Task<string> NegotiateAsync(string offerSdp, AnswerPlan plan, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        using var deadline = new CancellationTokenSource(_options.NegotiationTimeout, _timeProvider);
        using var steps = CancellationTokenSource.CreateLinkedTokenSource(linked.Token, deadline.Token);
        try
        {
            return await NegotiateAsync(offerSdp, plan, steps.Token, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !linked.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"webrtcbin did not answer the offer within {_options.NegotiationTimeout.TotalSeconds} s (WebRtcPeerOptions.NegotiationTimeout).", e);
        }
    }

    /// <param name="offerSdp">The offer.</param>
    /// <param name="plan">What the answer uses.</param>
    /// <param name="ct">Cancels the offer/answer steps (caller, dispose or the negotiation deadline).</param>
    /// <param name="gatheringCt">Cancels the wait for ICE gathering (caller or dispose), which has its own limit.</param>
    private async Task<string> NegotiateAsync(string offerSdp, AnswerPlan plan, CancellationToken ct, CancellationToken gatheringCt)
    {
        Volatile.Write(ref _remoteMediaCount, plan.MediaCount);
        PrepareTransceivers(plan);
        _pipeline.SetState(GstState.Playing);

        using (GstSessionDescriptionHandle offer = ParseOffer(offerSdp))
        {
            try
            {
                await _webrtc.SetRemoteDescriptionAsync(offer, ct).ConfigureAwait(false);
            }
            catch (InvalidOperationException e) when (!ct.IsCancellationRequested)
            {
                throw new InvalidDataException($"webrtcbin rejected the offer: {e.Message}", e);
            }
        }

        using (GstSessionDescriptionHandle created = await _webrtc.CreateAnswerAsync(ct).ConfigureAwait(false))
        {
            string createdText = created.ToText();
            plan.CheckAnswer(createdText);
            string completed = plan.CompleteAnswer(createdText);
            using GstSessionDescriptionHandle? edited = completed == createdText
                ? null
                : GstSessionDescriptionHandle.FromText(GstWebRtc.SdpTypeAnswer, completed);
            await _webrtc.SetLocalDescriptionAsync(edited ?? created, ct).ConfigureAwait(false);
        }

        // Sender reports every second, from the first seconds: the browser syncs voice and picture only with them.
        RtpBinSession.SetMinRtcpInterval(_rtpBin, 0, RtcpInterval);

        await WaitForGatheringAsync(gatheringCt).ConfigureAwait(false);

        string text = _webrtc.LocalDescriptionText
            ?? throw new InvalidOperationException("webrtcbin lost its local description after it was set.");
        lock (_gatheredLock)
        {
            return SdpCandidates.AddMissing(text, _gathered);
        }
    }

    /// <summary>
    /// Puts the offer's payload types on the payloaders and the codec preferences on the two sending transceivers,
    /// so webrtcbin knows what each sends without waiting for caps from the encoders (the empty-answer race seen
    /// with Chromium), and makes audio sendonly when the microphone is not wanted.
    /// </summary>
    private void PrepareTransceivers(AnswerPlan plan)
    {
        GObjectProperty.Set(_videoPayloader, "pt", plan.VideoPayloadType);
        GObjectProperty.Set(_audioPayloader, "pt", plan.AudioPayloadType);
        using GstObjectHandle video = WebRtcBin.TransceiverFedBy(_videoPayloader);
        using GstObjectHandle audio = WebRtcBin.TransceiverFedBy(_audioPayloader);
        WebRtcBin.SetCodecPreferences(video, plan.VideoCaps(_options.Codec));
        WebRtcBin.SetCodecPreferences(audio, plan.AudioCaps());
        WebRtcBin.SetDirection(video, TransceiverDirection.SendOnly);
        WebRtcBin.SetDirection(audio, _options.ReceiveMicrophone ? TransceiverDirection.SendRecv : TransceiverDirection.SendOnly);
    }

    private static GstSessionDescriptionHandle ParseOffer(string offerSdp)
    {
        // GStreamer's parser wants CRLF-terminated lines; browsers send them, hand-written offers may not.
        string normalised = offerSdp.Contains("\r\n", StringComparison.Ordinal) ? offerSdp : offerSdp.Replace("\n", "\r\n", StringComparison.Ordinal);
        return GstSessionDescriptionHandle.FromText(GstWebRtc.SdpTypeOffer, normalised);
    }

    private async Task WaitForGatheringAsync(CancellationToken ct)
    {
        if (_webrtc.IceGatheringState == IceGatheringComplete)
        {
            return;
        }

        var timeout = Task.Delay(_options.IceGatheringTimeout, _timeProvider, ct);
        Task done = await Task.WhenAny(_gatheringComplete.Task, timeout).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        Debug.Assert(done == _gatheringComplete.Task || done == timeout, "one of the two");
    }
}
