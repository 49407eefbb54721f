using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using StreamLip.Realtime;

namespace StreamLip.Server.Tests.Sessions;

/// <summary>The whole server on the real clock with the real ONNX model: speech in, 25 fps lip-synced frames out.</summary>
[Collection(ServerCollection.Name)]
public sealed class RealtimePipelineTests(AvatarFixture avatars) : IDisposable
{
    private readonly ServerFactory _factory = new(avatars);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Speech_from_the_microphone_drives_generated_frames_at_25_fps_and_is_measured()
    {
        using var meters = new MeterCapture(RealtimeMetrics.MeterName);
        using var client = _factory.CreateClient();
        using var offer = await Sdp.PostOfferAsync(client);
        offer.EnsureSuccessStatusCode();
        var transport = Assert.Single(_factory.Transports.Created);

        // 0.5 s silence, 2 s of a loud tone, 0.5 s silence, in 20 ms chunks on the real clock.
        var clock = Stopwatch.StartNew();
        float[] signal = new float[16000 * 3];
        for (int i = 8000; i < 40000; i++)
        {
            signal[i] = 0.6f * MathF.Sin(2 * MathF.PI * 300 * i / 16000);
        }

        for (int chunk = 0; chunk < signal.Length / 320; chunk++)
        {
            var due = TimeSpan.FromMilliseconds(20 * (chunk + 1));
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            transport.Speak(signal.AsSpan(chunk * 320, 320));
        }

        await Task.Delay(500);
        var all = await client.GetFromJsonAsync<JsonElement>("/api/stats");
        var stats = all.GetProperty("sessions")[0];
        var video = transport.Video;

        // Paced at 25 fps on the session clock, D late: every deadline passed is a frame sent, or counted missed when
        // the machine stalled the process (other work on a loaded 2-core box does).
        string gaps = string.Join(' ', transport.PushGaps().Select(g => g.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)));
        long framesDue = stats.GetProperty("framesDue").GetInt64();
        long sent = stats.GetProperty("framesSent").GetInt64();
        long missed = stats.GetProperty("framesMissed").GetInt64();
        double expected = (stats.GetProperty("elapsedSeconds").GetDouble() - 0.3125) * 25;
        Assert.True(Math.Abs(framesDue - expected) <= 2, $"{framesDue} due, {expected} expected: {stats}");
        Assert.InRange(sent + missed, framesDue - 1, framesDue);
        Assert.True(missed <= framesDue / 2, $"the pacer missed {missed} of {framesDue} deadlines; push gaps (ms): {gaps}");
        Assert.InRange(video.Count, sent - 1, sent + 1);
        var pts = video.Select(v => v.Pts.Ticks).ToList();
        Assert.All(pts, p => Assert.Equal(0, p % 400_000));
        Assert.True(pts.SequenceEqual(pts.Order().Distinct()), "PTS must increase");
        // One voice push per tick (a tick may fall between the two reads), except where the voice already sent ahead
        // of its frame (VoiceLeadMs, 90: at most three ticks once the microphone stops) covers a tick's slot.
        Assert.InRange(transport.AudioPushes, video.Count - 3, video.Count + 1);

        // The procedural model darkens the mouth on speech: frames differ from the avatar loop while the tone plays.
        var loop = video.Take(5).Select(v => v.Bgrx).ToList();
        int changed = video.Count(v => !loop.Any(l => l.AsSpan().SequenceEqual(v.Bgrx)));
        long generated = stats.GetProperty("framesGenerated").GetInt64();
        Assert.True(changed >= 20 && generated >= 20, $"{changed} changed frames, {generated} generated: {stats}");
        Assert.InRange(generated, 0, 60);
        Assert.True(stats.GetProperty("processingP50Ms").GetDouble() < 50, stats.ToString());
        Assert.True(stats.GetProperty("delayP50Ms").GetDouble() > 0, stats.ToString());

        Assert.True(meters.Sum("streamlip.frames.sent") >= video.Count - 1);
        Assert.InRange(meters.Sum("streamlip.frames.generated"), generated, generated + 2);
        Assert.True(meters.Count("streamlip.frame.delay") >= 20);
        Assert.True(meters.Count("streamlip.inference.duration") >= 10);
        Assert.Equal(1, meters.Sum("streamlip.sessions.active"));
    }

    /// <summary>Collects the measurements of one meter.</summary>
    private sealed class MeterCapture : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, (double Sum, long Count)> _values = [];
        private readonly Lock _gate = new();

        public MeterCapture(string meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == meter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, _, _) => Add(i.Name, v));
            _listener.SetMeasurementEventCallback<int>((i, v, _, _) => Add(i.Name, v));
            _listener.SetMeasurementEventCallback<double>((i, v, _, _) => Add(i.Name, v));
            _listener.Start();
        }

        public double Sum(string name)
        {
            lock (_gate)
            {
                return _values.GetValueOrDefault(name).Sum;
            }
        }

        public long Count(string name)
        {
            lock (_gate)
            {
                return _values.GetValueOrDefault(name).Count;
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Add(string name, double value)
        {
            lock (_gate)
            {
                var (sum, count) = _values.GetValueOrDefault(name);
                _values[name] = (sum + value, count + 1);
            }
        }
    }
}
