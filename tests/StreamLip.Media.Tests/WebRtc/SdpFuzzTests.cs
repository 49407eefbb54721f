using CsCheck;
using StreamLip.Media.WebRtc;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Tests.Fuzz;
using Xunit.Abstractions;

namespace StreamLip.Media.Tests.WebRtc;

/// <summary>
/// Fuzz properties of what StreamLip reads of SDP and ICE itself (issue #14 item 5): the offer reader and the answer plan
/// made from it, the candidate merge of the answer, and the ICE candidate check — seeded with a Chromium-shaped offer.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class SdpFuzzTests(ITestOutputHelper output)
{
    private const string Candidate = "candidate:1 1 UDP 2122260223 192.0.2.2 54400 typ host";

    private static readonly Gen<string> Offers = Mutations.OfText(
        "v=0\na=recvonly\nm=video 0 RTP/AVP 96\na=bundle-only\na=rtpmap:96 VP8/90000\na=fmtp:96 x=1\n",
        ChromeLikeOffer.WithoutAudio,
        ChromeLikeOffer.Text);

    [Fact]
    public void Any_offer_is_planned_for_or_refused_as_invalid_data() =>
        FuzzProperty.Check(
            output,
            cases: 5000,
            Offers,
            text =>
            {
                var offer = SdpDescription.Parse(text, "offer");
                foreach (var codec in new[] { WebRtcVideoCodec.Vp8, WebRtcVideoCodec.H264 })
                {
                    AnswerPlan plan;
                    try
                    {
                        plan = AnswerPlan.From(offer, codec);
                    }
                    catch (InvalidDataException)
                    {
                        continue; // an offer the server cannot answer: refused as documented
                    }

                    // The offer's text stands in for webrtcbin's answer: completing it never throws.
                    _ = plan.CompleteAnswer(text);
                }
            },
            text => text.Length * sizeof(char),
            FuzzProperty.Literal,
            typeof(InvalidDataException));

    [Fact]
    public void Candidates_are_merged_into_any_answer_text() =>
        FuzzProperty.Check(
            output,
            cases: 5000,
            Offers,
            text =>
            {
                string merged = SdpCandidates.AddMissing(text, [(0, Candidate), (1, "candidate:2 1 UDP 1 192.0.2.3 9 typ host"), (7, "candidate:3 1 UDP 1 192.0.2.4 9 typ host")]);
                if (merged.Split("\r\n").Count(l => l.StartsWith("m=", StringComparison.Ordinal)) > 0)
                {
                    Assert.Contains("a=" + Candidate, merged, StringComparison.Ordinal);
                }
            },
            text => text.Length * sizeof(char),
            FuzzProperty.Literal);

    [Fact]
    public void Any_candidate_is_accepted_or_refused_as_an_argument_error() =>
        FuzzProperty.Check(
            output,
            cases: 10000,
            Gen.Select(Mutations.OfText(Candidate, "a=candidate:842163049 1 udp 1677729535 203.0.113.7 3478 typ srflx raddr 0.0.0.0 rport 0 generation 0", "candidate:3 1 tcp 1518280447 192.0.2.4 9 typ host tcptype active", ""), Gen.Int[-1, 3]),
            input =>
            {
                string checkedLine = new IceCandidate(input.Item1, input.Item2).Validate();
                Assert.True(checkedLine.Length == 0 || (checkedLine.StartsWith("candidate:", StringComparison.Ordinal) && checkedLine.Length <= IceCandidate.MaxLength), checkedLine);
            },
            input => input.Item1.Length * sizeof(char),
            input => $"new IceCandidate({FuzzProperty.Literal(input.Item1)}, {input.Item2})",
            typeof(ArgumentException));
}
