using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StreamLip.Server.Tests.Observability;

/// <summary><c>/metrics</c> after a real session ran (real model, speech on the fake microphone), parsed as Prometheus text.</summary>
[Collection(ServerCollection.Name)]
public sealed partial class MetricsTests(AvatarFixture avatars) : IDisposable
{
    private readonly ServerFactory _factory = new(avatars);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task After_a_session_the_exposition_has_every_instrument_with_consistent_values()
    {
        using var client = _factory.CreateClient();
        using var offer = await Sdp.PostOfferAsync(client);
        var transport = Assert.Single(_factory.Transports.Created);
        await SpeakAsync(transport, seconds: 1.5);
        await Task.Delay(600);

        using var response = await client.GetAsync("/metrics");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("version=0.0.4", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var (types, samples) = Parse(text);
        string Type(string family) => types.TryGetValue(family, out string? t) ? t : throw new Xunit.Sdk.XunitException($"no family {family} in:\n{text}");
        double Value(string sample) => samples.TryGetValue(sample, out double v) ? v : throw new Xunit.Sdk.XunitException($"no sample {sample} in:\n{text}");

        Assert.Equal("gauge", Type("streamlip_sessions_active"));
        Assert.Equal(1, Value("streamlip_sessions_active"));
        Assert.Equal("counter", Type("streamlip_frames_sent_total"));
        Assert.True(Value("streamlip_frames_sent_total") > 25, text);
        Assert.True(Value("streamlip_frames_generated_total") > 0, text);
        Assert.Equal("counter", Type("streamlip_frames_late_total"));
        Assert.Equal("counter", Type("streamlip_audio_chunks_dropped_total"));
        Assert.Equal("counter", Type("streamlip_audio_chunks_shed_total"));
        // Where each microphone chunk sat on the timeline against its arrival (issue #13 item 5): one per chunk spoken.
        Assert.Equal("histogram", Type("streamlip_audio_placement_milliseconds"));
        Assert.True(Value("streamlip_audio_placement_milliseconds_count") >= 50, text);
        foreach (string? histogram in new[] { "streamlip_frame_delay_milliseconds", "streamlip_inference_duration_milliseconds", "streamlip_inference_batch_size", "streamlip_encoder_duration_milliseconds" })
        {
            Assert.Equal("histogram", Type(histogram));
            double count = Value($"{histogram}_count");
            Assert.True(count > 0, $"{histogram}: no observations\n{text}");
            Assert.Equal(count, Value($"{histogram}_bucket{{le=\"+Inf\"}}"));
            var buckets = samples.Where(s => s.Key.StartsWith(histogram + "_bucket{", StringComparison.Ordinal)).Select(s => s.Value).ToList();
            Assert.True(buckets.Count > 5, histogram);
            Assert.True(buckets.Zip(buckets.Skip(1)).All(p => p.First <= p.Second), $"{histogram} buckets not cumulative");
            Assert.True(Value($"{histogram}_sum") > 0, histogram);
        }

        // Each generated frame went through one inference slot: batch sizes add up to the frames run.
        Assert.True(Value("streamlip_inference_batch_size_sum") >= Value("streamlip_frames_generated_total"), text);
        // Every sample belongs to a declared family.
        foreach (string? name in samples.Keys.Select(k => SampleName().Match(k).Value))
        {
            Assert.True(types.Keys.Any(f => name == f || name.StartsWith(f + "_", StringComparison.Ordinal)), $"{name} has no TYPE");
        }
    }

    [Fact]
    public async Task Before_any_session_the_engine_and_server_counters_are_there_at_zero()
    {
        using var client = _factory.CreateClient();

        var (types, samples) = Parse(await client.GetStringAsync("/metrics"));

        // The exporter listens before the engine's and the server's instruments exist, so their starting 0 is seen.
        Assert.Equal("gauge", types["streamlip_sessions_active"]);
        Assert.Equal(0, samples["streamlip_sessions_active"]);
        foreach (string? counter in new[] { "frames_sent", "frames_late", "frames_missed", "sessions_refused", "audio_chunks_dropped", "audio_chunks_shed", "sessions_refused_per_key" })
        {
            Assert.Equal(0, samples[$"streamlip_{counter}_total"]);
        }

        Assert.Equal(0, samples["streamlip_auth_failures_total{reason=\"invalid\"}"]);
        Assert.Equal(0, samples["streamlip_sessions_ended_total{reason=\"idle\"}"]);
    }

    [Fact]
    public async Task Refused_requests_are_counted_by_reason()
    {
        using var anonymous = _factory.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        await anonymous.GetAsync("/api/stats");
        using var client = _factory.CreateClient();

        var (_, samples) = Parse(await client.GetStringAsync("/metrics"));

        Assert.Equal(1, samples["streamlip_auth_failures_total{reason=\"missing\"}"]);
    }

    private static async Task SpeakAsync(FakeSessionTransport transport, double seconds)
    {
        var clock = Stopwatch.StartNew();
        int chunks = (int)(seconds * 50);
        float[] chunk = new float[320];
        for (int c = 0; c < chunks; c++)
        {
            for (int i = 0; i < chunk.Length; i++)
            {
                chunk[i] = 0.6f * MathF.Sin(2 * MathF.PI * 300 * ((c * 320) + i) / 16000);
            }

            transport.Speak(chunk);
            var due = TimeSpan.FromMilliseconds(20 * (c + 1));
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
        }
    }

    /// <summary>Families (name → type) and samples (name with labels → value); fails on a line that is not text format.</summary>
    internal static (Dictionary<string, string> Types, Dictionary<string, double> Samples) Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                Assert.True(types.TryAdd(parts[2], parts[3]), $"TYPE twice: {line}");
                continue;
            }

            if (line.StartsWith('#'))
            {
                Assert.StartsWith("# HELP ", line, StringComparison.Ordinal);
                continue;
            }

            var m = SampleLine().Match(line);
            Assert.True(m.Success, $"not a sample line: {line}");
            double value = m.Groups["value"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            // "name{}" (an empty label set, which the text format allows) is the series "name".
            string series = m.Groups["name"].Value + m.Groups["labels"].Value;
            Assert.True(samples.TryAdd(series, value), $"sample twice: {line}");
        }

        return (types, samples);
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{\}|(?<labels>\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*")*\}))? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();
}
