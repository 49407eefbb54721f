namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>The cross-correlation the A/V sync test and benchmark rest on, on signals whose delay is known.</summary>
public sealed class SyncAnalysisTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(263.0)]
    [InlineData(-87.0)]
    [InlineData(12.5)]
    public void A_known_delay_between_speech_like_envelopes_is_found_within_2_ms(double delayMs)
    {
        // A syllable-rate envelope (random bursts) sampled as the page samples it: audio every 10.67 ms, frames every 40 ms.
        var random = new Random(7);
        var bursts = Enumerable.Range(0, 120).Select(_ => (Start: random.NextDouble() * 30000, Length: 80 + (random.NextDouble() * 250))).ToList();
        double Envelope(double t) => bursts.Sum(b => t >= b.Start && t < b.Start + b.Length ? Math.Sin(Math.PI * (t - b.Start) / b.Length) : 0);
        var audio = Enumerable.Range(0, 2800).Select(i => (i * 10.6667, Envelope(i * 10.6667))).ToList();
        var frames = Enumerable.Range(0, 750).Select(i => (5 + (i * 40.0), Envelope(5 + (i * 40.0) - delayMs))).ToList();

        var peak = SyncAnalysis.Lag(audio, frames, -400, 400);

        Assert.InRange(peak.LagMs, delayMs - 2, delayMs + 2);
        Assert.True(peak.R > 0.95, peak.ToString());
        Assert.True(peak.RunnerUpR < peak.R, peak.ToString());
    }

    [Fact]
    public void The_window_limits_what_is_correlated()
    {
        // The first 10 s lag by 500 ms, the rest by 250 ms: each part is found where it is asked for.
        var random = new Random(3);
        var bursts = Enumerable.Range(0, 100).Select(_ => (Start: random.NextDouble() * 30000, Length: 100 + (random.NextDouble() * 200))).ToList();
        double Envelope(double t) => bursts.Sum(b => t >= b.Start && t < b.Start + b.Length ? 1.0 : 0);
        var source = Enumerable.Range(0, 3000).Select(i => (i * 10.0, Envelope(i * 10.0))).ToList();
        var delayed = Enumerable.Range(0, 3000).Select(i => (i * 10.0, Envelope((i * 10.0) - (i * 10.0 < 10500 ? 500 : 250)))).ToList();

        Assert.InRange(SyncAnalysis.Lag(source, delayed, 0, 1000, 0, 9000).LagMs, 495, 505);
        Assert.InRange(SyncAnalysis.Lag(source, delayed, 0, 1000, 12000).LagMs, 245, 255);
    }

    [Fact]
    public void Signals_that_barely_overlap_are_refused()
    {
        var a = Enumerable.Range(0, 100).Select(i => (i * 10.0, (double)(i % 7))).ToList();
        Assert.Throws<ArgumentException>(() => SyncAnalysis.Lag(a, a, 0, 500));
    }
}
