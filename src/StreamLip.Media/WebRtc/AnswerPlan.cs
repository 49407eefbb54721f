using System.Globalization;

namespace StreamLip.Media.WebRtc;

/// <summary>
/// What the answer to one offer will use, decided before webrtcbin sees the offer: the offer's payload types for
/// the video codec and Opus (so the payloaders, the transceivers' codec preferences and the answer agree), and
/// whether the browser sends its microphone. Building it is where an offer the server cannot answer is refused.
/// </summary>
/// <param name="VideoPayloadType">The offer's payload type for the configured video codec.</param>
/// <param name="AudioPayloadType">The offer's payload type for Opus.</param>
/// <param name="MicrophoneOffered">Whether the offer's audio m-line sends (sendrecv or sendonly).</param>
/// <param name="MediaCount">The number of m-lines in the offer (ICE candidates must name one of them).</param>
/// <param name="H264ProfileLevelId">The offer's <c>profile-level-id</c> of the chosen H.264 format, or null.</param>
internal sealed record AnswerPlan(int VideoPayloadType, int AudioPayloadType, bool MicrophoneOffered, int MediaCount, string? H264ProfileLevelId)
{
    /// <summary>Checks <paramref name="offer"/> and picks the payload types for <paramref name="codec"/>.</summary>
    /// <exception cref="InvalidDataException">The offer lacks ICE/DTLS attributes, a usable video or audio m-line, or a codec.</exception>
    public static AnswerPlan From(SdpDescription offer, WebRtcVideoCodec codec)
    {
        if (!offer.HasIceCredentials)
        {
            throw new InvalidDataException("The offer has no ICE credentials (a=ice-ufrag and a=ice-pwd): it is not a WebRTC offer.");
        }

        if (!offer.HasFingerprint)
        {
            throw new InvalidDataException("The offer has no DTLS fingerprint (a=fingerprint): WebRTC media must be DTLS-SRTP.");
        }

        SdpMedia video = offer.FirstActive("video") ?? throw new InvalidDataException(
            "The offer has no (enabled) video m-line: the browser must offer to receive video, " +
            "e.g. pc.addTransceiver('video', { direction: 'recvonly' }).");
        if (video.Direction is SdpDirection.SendOnly or SdpDirection.Inactive)
        {
            throw new InvalidDataException(
                $"The offer's video m-line is {Name(video.Direction)}: the browser would not receive the avatar; offer it recvonly or sendrecv.");
        }

        SdpFormat videoFormat = (codec == WebRtcVideoCodec.H264 ? PickH264(video) : PickVp8(video)) ?? throw new InvalidDataException(
            $"The offer's video m-line has no {(codec == WebRtcVideoCodec.H264 ? "H.264 packetization-mode=1" : "VP8")} format " +
            $"(it offers {Describe(video)}); the server is configured to send {codec}.");

        SdpMedia audio = offer.FirstActive("audio") ?? throw new InvalidDataException(
            "The offer has no (enabled) audio m-line: the browser must offer audio (sendrecv with a microphone, " +
            "recvonly without one) to hear the avatar.");
        SdpFormat opus = audio.Formats.FirstOrDefault(f => f.Is("opus") && f.ClockRate == 48_000) ?? throw new InvalidDataException(
            $"The offer's audio m-line has no Opus/48000 format (it offers {Describe(audio)}).");

        return new AnswerPlan(
            videoFormat.PayloadType,
            opus.PayloadType,
            audio.Direction is SdpDirection.SendRecv or SdpDirection.SendOnly,
            offer.Media.Count,
            codec == WebRtcVideoCodec.H264 ? videoFormat.Parameter("profile-level-id") : null);
    }

    /// <summary>The media stream both sent tracks belong to, as the answer names it (<c>a=msid:streamlip …</c>).</summary>
    public const string StreamId = "streamlip";

    /// <summary>
    /// Returns webrtcbin's answer completed in two ways.
    /// <list type="bullet">
    /// <item>Both sent tracks in one media stream: every m-section that sends gets <c>a=msid:streamlip
    /// streamlip-audio</c> or <c>…-video</c>, and ssrc-level msids are made to agree. webrtcbin names a stream only for
    /// the video's SSRC, and none for the audio; a browser then puts the two tracks in different streams, and only
    /// tracks of one stream are played in sync (Chromium's sync group is the msid's stream id): without it the picture
    /// is shown as soon as it is decoded while the voice waits in the audio jitter buffer.</item>
    /// <item>The H.264 format's <c>profile-level-id</c> restored. GStreamer's SDP-to-caps mapping turns
    /// <c>level-asymmetry-allowed=1;profile-level-id=42e01f</c> into a <c>profile</c> field, so webrtcbin's answer lacks
    /// the parameter, and RFC 6184 then means baseline level 1.0; the answer repeats the offer's value instead (the
    /// sender's level may differ when level asymmetry is allowed).</item>
    /// </list>
    /// </summary>
    public string CompleteAnswer(string answer)
    {
        var lines = answer.Split("\r\n").ToList();
        OneMediaStream(lines);
        RestoreProfileLevelId(lines);
        return string.Join("\r\n", lines);
    }

    private static void OneMediaStream(List<string> lines)
    {
        int start = lines.FindIndex(l => l.StartsWith("m=", StringComparison.Ordinal));
        while (start >= 0)
        {
            int end = lines.FindIndex(start + 1, l => l.StartsWith("m=", StringComparison.Ordinal));
            int stop = end < 0 ? lines.Count : end;
            string kind = lines[start][2..].Split(' ')[0];
            bool sends = lines.Skip(start).Take(stop - start).Any(l => l is "a=sendrecv" or "a=sendonly");
            if (kind is "audio" or "video" && sends)
            {
                string msid = $"{StreamId} {StreamId}-{kind}";
                for (int i = start + 1; i < stop; i++)
                {
                    // a=ssrc:N msid:STREAM TRACK (the older form, which a browser may read instead).
                    int at = lines[i].IndexOf(" msid:", StringComparison.Ordinal);
                    if (lines[i].StartsWith("a=ssrc:", StringComparison.Ordinal) && at > 0)
                    {
                        lines[i] = lines[i][..(at + " msid:".Length)] + msid;
                    }
                }

                if (!lines.Skip(start).Take(stop - start).Any(l => l.StartsWith("a=msid:", StringComparison.Ordinal)))
                {
                    int mid = lines.FindIndex(start, stop - start, l => l.StartsWith("a=mid:", StringComparison.Ordinal));
                    lines.Insert(mid >= 0 ? mid + 1 : start + 1, "a=msid:" + msid);
                    stop++;
                }
            }

            start = stop < lines.Count ? stop : -1;
        }
    }

    private void RestoreProfileLevelId(List<string> lines)
    {
        if (H264ProfileLevelId is null)
        {
            return;
        }

        string fmtp = string.Create(CultureInfo.InvariantCulture, $"a=fmtp:{VideoPayloadType} ");
        string rtpmap = string.Create(CultureInfo.InvariantCulture, $"a=rtpmap:{VideoPayloadType} ");
        int fmtpLine = lines.FindIndex(l => l.StartsWith(fmtp, StringComparison.Ordinal));
        if (fmtpLine >= 0)
        {
            if (!lines[fmtpLine].Contains("profile-level-id", StringComparison.Ordinal))
            {
                lines[fmtpLine] += ";profile-level-id=" + H264ProfileLevelId;
            }
        }
        else
        {
            int rtpmapLine = lines.FindIndex(l => l.StartsWith(rtpmap, StringComparison.Ordinal));
            if (rtpmapLine >= 0)
            {
                lines.Insert(rtpmapLine + 1, fmtp + "packetization-mode=1;profile-level-id=" + H264ProfileLevelId);
            }
        }
    }

    /// <summary>Codec preferences for the video transceiver: the configured codec at the offer's payload type.</summary>
    public string VideoCaps(WebRtcVideoCodec codec) => string.Create(
        CultureInfo.InvariantCulture,
        $"application/x-rtp,media=video,encoding-name={(codec == WebRtcVideoCodec.H264 ? "H264" : "VP8")},clock-rate=90000,payload={VideoPayloadType}");

    /// <summary>Codec preferences for the audio transceiver: Opus at the offer's payload type.</summary>
    public string AudioCaps() => string.Create(
        CultureInfo.InvariantCulture, $"application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,payload={AudioPayloadType}");

    /// <summary>
    /// Checks the answer webrtcbin made: an enabled video m-line that sends the planned codec and an enabled audio
    /// m-line with Opus. An answer without them is what an encoder pad without caps produced in early tests.
    /// </summary>
    /// <exception cref="InvalidOperationException">The answer is unusable; the message includes it.</exception>
    public void CheckAnswer(string answerText)
    {
        var answer = SdpDescription.Parse(answerText, "answer");
        SdpMedia? video = answer.FirstActive("video");
        SdpMedia? audio = answer.FirstActive("audio");
        string? problem =
            video is null ? "no enabled video m-line"
            : !video.Formats.Any(f => f.PayloadType == VideoPayloadType) ? $"video without payload type {VideoPayloadType}"
            : video.Direction is not (SdpDirection.SendOnly or SdpDirection.SendRecv) ? $"video {Name(video.Direction)}"
            : audio is null ? "no enabled audio m-line"
            : !audio.Formats.Any(f => f.PayloadType == AudioPayloadType) ? $"audio without payload type {AudioPayloadType}"
            : null;
        if (problem is not null)
        {
            throw new InvalidOperationException($"webrtcbin made an unusable answer ({problem}):\n{answerText}");
        }
    }

    /// <summary>
    /// The codec to send when the offer decides (the server's <c>Auto</c>): H.264 when the offer's video m-line has an
    /// H.264 format with packetization-mode=1 of the baseline family (what <see cref="From"/> would answer with H.264),
    /// else VP8. H.264 is the cheaper encode (x264enc ultrafast ≈ 0.8 ms against vp8enc cpu-used=16 ≈ 1.1 ms of CPU per
    /// 512 × 512 frame of the avatar's loop) and every browser decodes one of the two. An offer without a usable video m-line gets VP8: <see cref="From"/> then
    /// refuses it with the reason, as for a configured codec.
    /// </summary>
    public static WebRtcVideoCodec PreferredCodec(SdpDescription offer)
    {
        SdpMedia? video = offer.FirstActive("video");
        SdpFormat? h264 = video is null ? null : PickH264(video);
        return h264 is not null && H264Rank(h264) < OtherProfile ? WebRtcVideoCodec.H264 : WebRtcVideoCodec.Vp8;
    }

    private static SdpFormat? PickVp8(SdpMedia video) => video.Formats.FirstOrDefault(f => f.Is("VP8") && f.ClockRate == 90_000);

    /// <summary>
    /// The encoders' constrained-baseline stream suits any H.264 format with packetization-mode=1 (main and high
    /// decoders take it too); the offer's constrained-baseline profile (42e0..) is preferred, then baseline (4200..),
    /// then another of the baseline family (42.., or no profile-level-id: RFC 6184's default is baseline), then any.
    /// </summary>
    private static SdpFormat? PickH264(SdpMedia video) => video.Formats
        .Where(f => f.Is("H264") && f.ClockRate == 90_000 && f.Parameter("packetization-mode") == "1")
        .OrderBy(H264Rank) // stable: the offer's order among equals
        .FirstOrDefault();

    /// <summary>The rank <see cref="H264Rank"/> gives a profile outside the baseline family (main, high, ...).</summary>
    private const int OtherProfile = 3;

    private static int H264Rank(SdpFormat format) => format.Parameter("profile-level-id") switch
    {
        null => 2,
        string p when p.StartsWith("42e0", StringComparison.OrdinalIgnoreCase) => 0,
        string p when p.StartsWith("4200", StringComparison.OrdinalIgnoreCase) => 1,
        string p when p.StartsWith("42", StringComparison.OrdinalIgnoreCase) => 2,
        _ => OtherProfile,
    };

    private static string Describe(SdpMedia media) => media.Formats.Count == 0
        ? "no rtpmap formats"
        : string.Join(", ", media.Formats.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Encoding}/{f.ClockRate}")).Distinct());

    private static string Name(SdpDirection direction) => direction.ToString().ToLowerInvariant();
}
