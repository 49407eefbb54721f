using StreamLip.Media.Images;
using StreamLip.Media.WebRtc;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using Xunit.Abstractions;

namespace StreamLip.Media.Tests.WebRtc;

/// <summary>Whole sessions over loopback: the peer against a webrtcbin that plays the browser.</summary>
[Collection(GStreamerCollection.Name)]
public sealed class WebRtcPeerStreamingTests(GStreamerFixture fixture, ITestOutputHelper output)
{
    private static readonly (byte B, byte G, byte R) Colour = (200, 60, 30);

    [Fact]
    public async Task Video_and_voice_reach_the_client_and_the_microphone_reaches_the_server()
    {
        Assert.NotNull(fixture);
        using LoopbackSession session = await LoopbackSession.StartAsync(new WebRtcPeerOptions { Width = 320, Height = 240 });

        await session.StreamAsync(100, voiceHz: 880, Colour);
        long decoded = await session.Client.WaitForFramesAsync(100, TimeSpan.FromSeconds(3));

        float[] mic = session.Microphone();
        float[] heard = session.Client.ReceivedAudio();
        output.WriteLine($"answer {session.AnswerMs} ms, connect {session.ConnectMs} ms, decoded {decoded}/100, " +
            $"mean BGR {session.Client.LastFrameMean}, mic {mic.Length} samples, client audio {heard.Length} samples");
        Assert.Empty(session.Failures);
        Assert.Empty(session.Client.Errors);
        Assert.InRange(decoded, 95, 100);
        Assert.Equal(320 * 240 * 4, session.Client.LastFrameBytes);
        AssertColour(session.Client.LastFrameMean);

        // The client's 440 Hz microphone, decoded by the server at 16 kHz mono (≥ 2 s of it while streaming).
        Assert.True(mic.Length >= 2 * 16000, $"the server received {mic.Length} microphone samples");
        Assert.InRange(Tones.DominantFrequency(mic.AsSpan(mic.Length - 16000), 16000), 438, 442);
        Assert.InRange(Signals.Rms(mic.AsSpan(mic.Length - 16000)), 0.1, 0.5);

        // The avatar's 880 Hz voice, pushed at 48 kHz, heard by the client.
        Assert.True(heard.Length >= 2 * 48000, $"the client received {heard.Length} audio samples");
        Assert.InRange(Tones.DominantFrequency(heard.AsSpan(heard.Length - 48000), 48000), 876, 884);
    }

    [Fact]
    public async Task A_session_without_microphone_sends_video_and_voice_and_raises_no_microphone_audio()
    {
        using LoopbackSession session = await LoopbackSession.StartAsync(
            new WebRtcPeerOptions { Width = 160, Height = 120 }, new BrowserLikeClientOptions { Microphone = MicrophoneSource.None });

        SdpMedia audio = SdpDescription.Parse(session.Answer, "answer").FirstActive("audio")!;
        Assert.Equal(SdpDirection.SendOnly, audio.Direction);
        await session.StreamAsync(40, voiceHz: 660, Colour);
        long decoded = await session.Client.WaitForFramesAsync(40, TimeSpan.FromSeconds(3));
        float[] heard = session.Client.ReceivedAudio();

        output.WriteLine($"decoded {decoded}/40, client audio {heard.Length} samples");
        Assert.Empty(session.Failures);
        Assert.InRange(decoded, 38, 40);
        Assert.True(heard.Length >= 48000, $"the client received {heard.Length} audio samples");
        Assert.InRange(Tones.DominantFrequency(heard.AsSpan(heard.Length - 24000), 48000), 656, 664);
        Assert.Empty(session.Microphone());
    }

    [Fact]
    public async Task A_peer_that_does_not_want_the_microphone_answers_audio_sendonly()
    {
        // Not connected: webrtcbin 1.22 as an offerer keeps sending audio the answer declined, which a real browser
        // does not (RFC 3264), and which webrtcbin's bundled receive path then rejects (not-linked).
        using LoopbackSession session = await LoopbackSession.StartAsync(
            new WebRtcPeerOptions { Width = 160, Height = 120, ReceiveMicrophone = false }, connect: false);

        var answer = SdpDescription.Parse(session.Answer, "answer");
        Assert.Equal(SdpDirection.SendOnly, answer.FirstActive("audio")!.Direction);
        Assert.Equal(SdpDirection.SendOnly, answer.FirstActive("video")!.Direction);
    }

    [Fact]
    public async Task Trickled_candidates_connect_a_session_whose_offer_had_none()
    {
        using LoopbackSession session = await LoopbackSession.StartAsync(new WebRtcPeerOptions { Width = 160, Height = 120 }, trickle: true);

        await session.StreamAsync(25, colour: Colour);
        long decoded = await session.Client.WaitForFramesAsync(25, TimeSpan.FromSeconds(3));

        output.WriteLine($"answer {session.AnswerMs} ms, connect {session.ConnectMs} ms, decoded {decoded}/25");
        Assert.InRange(decoded, 23, 25);
        Assert.Empty(session.Failures);
    }

    [Fact]
    public async Task Candidates_added_before_the_offer_are_kept_until_it_is_answered()
    {
        // The client's candidates reach the peer only through AddRemoteCandidate, before AcceptOfferAsync, and the
        // client gets an answer without the peer's candidates: the connection needs those early candidates (the
        // client learns the peer's address from its connectivity checks).
        using var peer = WebRtcPeer.Create(new WebRtcPeerOptions { Width = 160, Height = 120 });
        using var client = BrowserLikeClient.Create();
        var candidates = new System.Collections.Concurrent.ConcurrentQueue<IceCandidate>();
        client.LocalCandidate += candidates.Enqueue;
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.ConnectionStateChanged += s =>
        {
            if (s == WebRtcConnectionState.Connected)
            {
                connected.TrySetResult();
            }
        };

        string offerWithoutCandidates = await client.CreateOfferAsync(waitForCandidates: false);
        await client.WaitForGatheringAsync();
        Assert.NotEmpty(candidates);
        foreach (IceCandidate candidate in candidates)
        {
            peer.AddRemoteCandidate(candidate);
        }

        string answer = await peer.AcceptOfferAsync(offerWithoutCandidates, CancellationToken.None);
        string answerWithoutCandidates = string.Join(
            "\r\n", answer.Split("\r\n").Where(l => !l.StartsWith("a=candidate:", StringComparison.Ordinal)));
        await client.SetAnswerAsync(answerWithoutCandidates);

        await client.WaitForConnectedAsync(LoopbackSession.ConnectTimeout);
        await connected.Task.WaitAsync(LoopbackSession.ConnectTimeout);
    }

    [Fact]
    public async Task The_answer_follows_the_offers_payload_types()
    {
        // Firefox numbers: VP8 120, Opus 109.
        using LoopbackSession session = await LoopbackSession.StartAsync(
            new WebRtcPeerOptions { Width = 160, Height = 120 },
            new BrowserLikeClientOptions { VideoPayloadType = 120, AudioPayloadType = 109 });

        var answer = SdpDescription.Parse(session.Answer, "answer");
        Assert.Equal(120, Assert.Single(answer.FirstActive("video")!.Formats, f => f.Is("VP8")).PayloadType);
        Assert.Equal(109, Assert.Single(answer.FirstActive("audio")!.Formats, f => f.Is("OPUS")).PayloadType);
        await session.StreamAsync(25, colour: Colour);
        Assert.InRange(await session.Client.WaitForFramesAsync(25, TimeSpan.FromSeconds(3)), 23, 25);
        Assert.True(session.Microphone().Length > 8000, "microphone audio at payload type 109 should reach the server");
    }

    [Fact]
    public async Task H264_constrained_baseline_reaches_a_client_that_offers_it()
    {
        using LoopbackSession session = await LoopbackSession.StartAsync(
            new WebRtcPeerOptions { Width = 160, Height = 120, Codec = WebRtcVideoCodec.H264 },
            new BrowserLikeClientOptions { Codec = WebRtcVideoCodec.H264, VideoPayloadType = 102 });

        SdpFormat h264 = Assert.Single(SdpDescription.Parse(session.Answer, "answer").FirstActive("video")!.Formats, f => f.Is("H264"));
        Assert.Equal(102, h264.PayloadType);
        Assert.Equal("1", h264.Parameter("packetization-mode"));
        await session.StreamAsync(40, colour: Colour);
        long decoded = await session.Client.WaitForFramesAsync(40, TimeSpan.FromSeconds(3));

        output.WriteLine($"H.264: decoded {decoded}/40, mean BGR {session.Client.LastFrameMean}");
        Assert.InRange(decoded, 38, 40);
        AssertColour(session.Client.LastFrameMean);
        Assert.Empty(session.Failures);
    }

    [Fact]
    public async Task Auto_sends_H264_to_a_client_that_offers_VP8_first_and_H264_too_and_the_client_decodes_it()
    {
        // Chromium's order: VP8 at 96 first, H.264 constrained baseline (packetization-mode=1) later.
        using LoopbackSession session = await LoopbackSession.StartAsync(
            new WebRtcPeerOptions { Width = 160, Height = 120 },
            new BrowserLikeClientOptions { Codec = WebRtcVideoCodec.Vp8, SecondCodec = WebRtcVideoCodec.H264, SecondVideoPayloadType = 102 },
            codecFromOffer: true);

        SdpMedia video = SdpDescription.Parse(session.Answer, "answer").FirstActive("video")!;
        Assert.Equal(102, Assert.Single(video.Formats, f => f.Is("H264")).PayloadType);
        Assert.DoesNotContain(video.Formats, f => f.Is("VP8"));
        await session.StreamAsync(40, colour: Colour);
        long decoded = await session.Client.WaitForFramesAsync(40, TimeSpan.FromSeconds(3));

        output.WriteLine($"Auto, offer VP8 + H.264: {session.Peer.Options.Codec} by {session.Peer.VideoEncoder}, client received {session.Client.ReceivedVideoCodec}, decoded {decoded}/40");
        Assert.Equal(WebRtcVideoCodec.H264, session.Peer.Options.Codec);
        Assert.Equal("H264", session.Client.ReceivedVideoCodec);
        Assert.InRange(decoded, 38, 40);
        AssertColour(session.Client.LastFrameMean);
        Assert.Empty(session.Client.Errors);
        Assert.Empty(session.Failures);
    }

    [Theory]
    [InlineData("VP8 only")]
    [InlineData("VP8 + H.264 packetization-mode=0")]
    [InlineData("H.264 packetization-mode=0 first, then VP8")]
    public async Task Auto_sends_VP8_to_a_client_without_an_H264_packetization_mode_1_format(string offer)
    {
        // Single-NAL-unit H.264 (packetization-mode=0) only: the payloader's fragmented stream needs mode 1.
        BrowserLikeClientOptions client = offer switch
        {
            "VP8 only" => new() { Codec = WebRtcVideoCodec.Vp8 },
            "VP8 + H.264 packetization-mode=0" => new() { Codec = WebRtcVideoCodec.Vp8, SecondCodec = WebRtcVideoCodec.H264, H264PacketizationMode = 0 },
            _ => new() { Codec = WebRtcVideoCodec.H264, VideoPayloadType = 104, H264PacketizationMode = 0, SecondCodec = WebRtcVideoCodec.Vp8, SecondVideoPayloadType = 96 },
        };

        using LoopbackSession session = await LoopbackSession.StartAsync(new WebRtcPeerOptions { Width = 160, Height = 120 }, client, codecFromOffer: true);

        SdpMedia video = SdpDescription.Parse(session.Answer, "answer").FirstActive("video")!;
        Assert.Equal(96, Assert.Single(video.Formats, f => f.Is("VP8")).PayloadType);
        Assert.DoesNotContain(video.Formats, f => f.Is("H264"));
        await session.StreamAsync(25, colour: Colour);
        long decoded = await session.Client.WaitForFramesAsync(25, TimeSpan.FromSeconds(3));

        output.WriteLine($"Auto, offer {offer}: {session.Peer.Options.Codec} by {session.Peer.VideoEncoder}, client received {session.Client.ReceivedVideoCodec}, decoded {decoded}/25");
        Assert.Equal((WebRtcVideoCodec.Vp8, "vp8enc"), (session.Peer.Options.Codec, session.Peer.VideoEncoder));
        Assert.Equal("VP8", session.Client.ReceivedVideoCodec);
        Assert.InRange(decoded, 23, 25);
        AssertColour(session.Client.LastFrameMean);
        Assert.Empty(session.Client.Errors);
        Assert.Empty(session.Failures);
    }

    [Fact]
    public async Task An_unchanged_picture_is_held_for_at_most_twelve_frames_and_the_voice_goes_on()
    {
        using LoopbackSession session = await LoopbackSession.StartAsync(new WebRtcPeerOptions { Width = 160, Height = 120 });

        // One picture, then 49 frames of it unchanged: sent again at the 13th, 26th and 39th (MaxFramesHeld = 12).
        int sent = await session.StreamAsync(50, voiceHz: 660, colour: Colour, unchanged: true);
        long decoded = await session.Client.WaitForFramesAsync(4, TimeSpan.FromSeconds(3));
        await Task.Delay(300);
        decoded = session.Client.Frames;
        float[] heard = session.Client.ReceivedAudio();

        output.WriteLine($"sent {sent} of 50 frames, decoded {decoded}, mean BGR {session.Client.LastFrameMean}, client audio {heard.Length} samples");
        Assert.Equal(50 / (WebRtcPeer.MaxFramesHeld + 1) + 1, sent);
        Assert.Equal(sent, decoded);
        AssertColour(session.Client.LastFrameMean);
        Assert.True(heard.Length >= 3 * 48000 / 2, $"the client received {heard.Length} audio samples");
        Assert.InRange(Tones.DominantFrequency(heard.AsSpan(heard.Length - 24000), 48000), 656, 664);
        Assert.Empty(session.Failures);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_load_harness_client_counts_frames_without_converting_them_and_a_light_one_without_decoding_them(bool light)
    {
        // The harness's per-client cost: a full client's frames reach the sink as the decoder's I420 (w × h × 3 / 2,
        // no BGRx conversion); a light client's as depayloaded VP8, far smaller than any decoded frame.
        using LoopbackSession session = await LoopbackSession.StartAsync(
            new WebRtcPeerOptions { Width = 160, Height = 120 }, BrowserLikeClientOptions.ForLoad(WebRtcVideoCodec.Vp8, light));

        await session.StreamAsync(25, colour: Colour);
        long frames = await session.Client.WaitForFramesAsync(25, TimeSpan.FromSeconds(3));

        output.WriteLine($"light {light}: {frames}/25 frames, last {session.Client.LastFrameBytes} bytes, voice {session.Client.AudioSamplesReceived} samples");
        Assert.InRange(frames, 23, 25);
        Assert.Empty(session.Client.Errors);
        Assert.Empty(session.Failures);
        if (light)
        {
            Assert.InRange(session.Client.LastFrameBytes, 1, (160 * 120) - 1);
        }
        else
        {
            Assert.Equal(160 * 120 * 3 / 2, session.Client.LastFrameBytes);
        }

        Assert.True(session.Client.AudioSamplesReceived >= 24_000, $"the client decoded {session.Client.AudioSamplesReceived} voice samples");
        Assert.Empty(session.Client.ReceivedAudio());
    }

    [Theory]
    [InlineData(WebRtcVideoCodec.Vp8)]
    [InlineData(WebRtcVideoCodec.H264)]
    public async Task The_avatars_frames_reach_the_client_in_their_own_colours(WebRtcVideoCodec codec)
    {
        // What a viewer sees of a real frame: the codec's loss and the conversions there and back, nothing more (a
        // swapped U and V or a range mix-up drops the PSNR below 27 dB). Colour bars check the matrix itself (below).
        const int Side = TestFrames.AvatarSide;
        byte[] frames = File.ReadAllBytes(TestFrames.AvatarFramesPath());
        byte[] last = frames[^(Side * Side * 4)..];
        using LoopbackSession session = await LoopbackSession.StartAsync(
            new WebRtcPeerOptions { Width = Side, Height = Side, Codec = codec },
            new BrowserLikeClientOptions { Codec = codec, VideoPayloadType = codec == WebRtcVideoCodec.H264 ? 102 : 96, KeepLastFrame = true });

        // The 50 frames, then the last one held for 0.6 s: what the client shows last is the last frame, whichever were dropped.
        await session.StreamFramesAsync(frames, 65);
        long decoded = await session.Client.WaitForFramesAsync(65, TimeSpan.FromSeconds(3));
        byte[] received = session.Client.LastFrame() ?? throw new InvalidOperationException("The client decoded no frame.");

        (double psnr, double b, double g, double r) = Compare(last, received);
        output.WriteLine($"{codec}: decoded {decoded}/65, last frame PSNR {psnr:F1} dB, mean difference B {b:+0.00;-0.00}, G {g:+0.00;-0.00}, R {r:+0.00;-0.00}");
        if (Environment.GetEnvironmentVariable("STREAMLIP_FRAMES_OUT") is { Length: > 0 } folder)
        {
            // To look at: sent on the left, received on the right.
            PngWriter.WriteBgrx(Path.Combine(folder, $"avatar-{codec}-sent-received.png"), SideBySide(last, received, Side), 2 * Side, Side);
        }

        Assert.Empty(session.Failures);
        Assert.InRange(decoded, 60, 65);

        // Measured: 35.6 (H.264) and 35.8 dB (VP8); GStreamer's own conversions there and back without a codec give
        // 36.5 dB and mean differences of −1.6, −3.5, −3.0 (both truncate), the codecs add nothing to those.
        Assert.InRange(psnr, 33, 99);
        Assert.All([b, g, r], d => Assert.InRange(d, -5, 5));
    }

    [Theory]
    [InlineData(WebRtcVideoCodec.Vp8, 512, 512)]
    [InlineData(WebRtcVideoCodec.H264, 512, 512)]
    [InlineData(WebRtcVideoCodec.Vp8, 1280, 720)]
    public async Task Colour_bars_reach_the_client_in_their_colours(WebRtcVideoCodec codec, int width, int height)
    {
        // 75 % bars, so no channel clips: BT.601 pixels read as BT.709 move green's G by 30 levels and red's G by 19,
        // limited range read as full moves white by 11 on top of the bias below, swapped U and V move the bars by more
        // than 100. At 720 rows the peer converts with BT.709, which the client's decoder assumes for HD as well
        // (GStreamer's defaults). Measured: every channel 0 to 6 levels low (both conversions truncate), hence ±9.
        using LoopbackSession session = await LoopbackSession.StartAsync(
            new WebRtcPeerOptions { Width = width, Height = height, Codec = codec, VideoBitrateKbps = 3000 },
            new BrowserLikeClientOptions { Codec = codec, VideoPayloadType = codec == WebRtcVideoCodec.H264 ? 102 : 96, KeepLastFrame = true });

        await session.StreamFramesAsync(TestFrames.Bars(width, height), 25);
        long decoded = await session.Client.WaitForFramesAsync(25, TimeSpan.FromSeconds(3));
        byte[] received = session.Client.LastFrame() ?? throw new InvalidOperationException("The client decoded no frame.");

        int barWidth = width / TestFrames.Bars75.Length;
        for (int bar = 0; bar < TestFrames.Bars75.Length; bar++)
        {
            // The middle half of the bar, away from its edges (where 4:2:0 and the codec blur).
            (double b, double g, double r) = MeanColour(received, width, (bar * barWidth) + (barWidth / 4), barWidth / 2, height);
            (byte B, byte G, byte R) expected = TestFrames.Bars75[bar];
            output.WriteLine($"{codec} {width}×{height} bar {bar}: sent {expected}, received ({b:F1}, {g:F1}, {r:F1})");
            Assert.InRange(b, expected.B - 9, expected.B + 9);
            Assert.InRange(g, expected.G - 9, expected.G + 9);
            Assert.InRange(r, expected.R - 9, expected.R + 9);
        }

        Assert.InRange(decoded, 23, 25);
        Assert.Empty(session.Failures);
    }

    private static (double B, double G, double R) MeanColour(byte[] bgrx, int width, int x0, int columns, int height)
    {
        double b = 0, g = 0, r = 0;
        for (int y = height / 4; y < height * 3 / 4; y++)
        {
            for (int x = x0; x < x0 + columns; x++)
            {
                int o = ((y * width) + x) * 4;
                (b, g, r) = (b + bgrx[o], g + bgrx[o + 1], r + bgrx[o + 2]);
            }
        }

        double n = columns * (height / 2);
        return (b / n, g / n, r / n);
    }

    /// <summary>PSNR over the B, G and R bytes, and the mean difference (received − sent) of each channel.</summary>
    private static (double Psnr, double B, double G, double R) Compare(byte[] sent, byte[] received)
    {
        Assert.Equal(sent.Length, received.Length);
        double squares = 0;
        double[] sums = new double[3];
        for (int i = 0; i < sent.Length; i += 4)
        {
            for (int c = 0; c < 3; c++)
            {
                int d = received[i + c] - sent[i + c];
                squares += d * d;
                sums[c] += d;
            }
        }

        double pixels = sent.Length / 4;
        return (10 * Math.Log10(255.0 * 255 / (squares / (3 * pixels))), sums[0] / pixels, sums[1] / pixels, sums[2] / pixels);
    }

    private static byte[] SideBySide(byte[] left, byte[] right, int side)
    {
        byte[] both = new byte[left.Length * 2];
        for (int y = 0; y < side; y++)
        {
            left.AsSpan(y * side * 4, side * 4).CopyTo(both.AsSpan(y * side * 8));
            right.AsSpan(y * side * 4, side * 4).CopyTo(both.AsSpan((y * side * 8) + (side * 4)));
        }

        return both;
    }

    private static void AssertColour((double B, double G, double R) mean)
    {
        // Lossy coding and BGRx → I420 → BGRx move a solid colour by a few levels.
        Assert.InRange(mean.B, Colour.B - 12, Colour.B + 12);
        Assert.InRange(mean.G, Colour.G - 12, Colour.G + 12);
        Assert.InRange(mean.R, Colour.R - 12, Colour.R + 12);
    }
}
