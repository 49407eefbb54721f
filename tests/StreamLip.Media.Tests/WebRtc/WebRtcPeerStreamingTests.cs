using System.Diagnostics;
using StreamLip.Media.WebRtc;
using Xunit.Abstractions;

namespace StreamLip.Media.Tests.WebRtc;

[Collection(GStreamerCollection.Name)]
public sealed class WebRtcPeerStreamingTests(GStreamerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Video_and_voice_reach_the_client_and_the_microphone_reaches_the_server()
    {
        Assert.NotNull(fixture);
        var options = new WebRtcPeerOptions { Width = 320, Height = 240 };
        using WebRtcPeer peer = WebRtcPeer.Create(options);
        using BrowserLikeClient client = BrowserLikeClient.Create();
        var mic = new List<float>();
        peer.MicrophoneAudio += samples =>
        {
            lock (mic)
            {
                mic.AddRange(samples);
            }
        };
        var failures = new List<Exception>();
        peer.Failed += failures.Add;
        var peerConnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.ConnectionStateChanged += s =>
        {
            if (s == WebRtcConnectionState.Connected)
            {
                peerConnected.TrySetResult();
            }
        };

        var sw = Stopwatch.StartNew();
        string offer = await client.CreateOfferAsync(waitForCandidates: true);
        long offerMs = sw.ElapsedMilliseconds;
        sw.Restart();
        string answer = await peer.AcceptOfferAsync(offer, CancellationToken.None);
        long answerMs = sw.ElapsedMilliseconds;
        sw.Restart();
        await client.SetAnswerAsync(answer);
        await client.WaitForConnectedAsync(ConnectTimeout);
        await peerConnected.Task.WaitAsync(ConnectTimeout);
        long connectMs = sw.ElapsedMilliseconds;
        output.WriteLine($"offer {offerMs} ms, answer {answerMs} ms, connect {connectMs} ms");
        output.WriteLine(answer);

        byte[] frame = new byte[320 * 240 * 4];
        for (int i = 0; i < frame.Length; i += 4)
        {
            frame[i] = 200;
            frame[i + 1] = 60;
            frame[i + 2] = 30;
            frame[i + 3] = 255;
        }

        float[] voice = new float[960];
        sw.Restart();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        for (int tick = 0; tick < 200; tick++)
        {
            TimeSpan pts = TimeSpan.FromMilliseconds(20 * tick);
            for (int s = 0; s < voice.Length; s++)
            {
                voice[s] = 0.4f * MathF.Sin(2 * MathF.PI * 880 * ((tick * voice.Length) + s) / 48000f);
            }

            peer.PushAudio(voice, 48000, pts);
            if (tick % 2 == 0)
            {
                peer.PushVideoFrame(frame, pts);
            }

            await timer.WaitForNextTickAsync();
        }

        int decoded = await client.WaitForFramesAsync(100, TimeSpan.FromSeconds(3));
        output.WriteLine($"pushed 100 frames in {sw.ElapsedMilliseconds} ms, decoded {decoded}, mean {client.LastFrameMean}");
        float[] received = client.ReceivedAudio();
        float[] heard;
        lock (mic)
        {
            heard = [.. mic];
        }

        output.WriteLine($"client audio {received.Length} samples, mic {heard.Length} samples");
        Assert.Empty(failures);
        Assert.Empty(client.Errors);
        Assert.InRange(decoded, 95, 100);
        Assert.True(heard.Length > 16000, $"mic samples {heard.Length}");
        Assert.InRange(Tones.DominantFrequency(heard.AsSpan(heard.Length - 16000), 16000), 438, 442);
        Assert.True(received.Length > 48000, $"client audio {received.Length}");
        Assert.InRange(Tones.DominantFrequency(received.AsSpan(received.Length - 48000), 48000), 876, 884);
    }
}
