using StreamLip.Media.WebRtc;

namespace StreamLip.Media.Tests.WebRtc;

public sealed class SdpCandidatesTests
{
    private const string Sdp = "v=0\r\nm=audio 9 X 111\r\na=mid:0\r\na=candidate:1 1 UDP 5 192.0.2.2 1000 typ host\r\nm=video 9 X 96\r\na=mid:1\r\n";

    [Fact]
    public void Missing_candidates_are_appended_to_their_m_section_and_present_ones_are_not_repeated()
    {
        string merged = SdpCandidates.AddMissing(Sdp, [
            (0, "candidate:1 1 UDP 5 192.0.2.2 1000 typ host"),
            (0, "candidate:2 1 UDP 4 192.0.2.3 1001 typ host"),
            (1, "candidate:3 1 UDP 3 192.0.2.4 1002 typ host"),
        ]);

        Assert.Equal(
            "v=0\r\nm=audio 9 X 111\r\na=mid:0\r\na=candidate:1 1 UDP 5 192.0.2.2 1000 typ host\r\n" +
            "a=candidate:2 1 UDP 4 192.0.2.3 1001 typ host\r\nm=video 9 X 96\r\na=mid:1\r\n" +
            "a=candidate:3 1 UDP 3 192.0.2.4 1002 typ host\r\n",
            merged);
    }

    [Fact]
    public void Nothing_missing_returns_the_same_text()
    {
        Assert.Same(Sdp, SdpCandidates.AddMissing(Sdp, [(0, "candidate:1 1 UDP 5 192.0.2.2 1000 typ host")]));
    }
}
