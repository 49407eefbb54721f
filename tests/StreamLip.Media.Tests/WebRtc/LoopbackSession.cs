using System.Diagnostics;
using StreamLip.Media.WebRtc;

namespace StreamLip.Media.Tests.WebRtc;

/// <summary>
/// A <see cref="WebRtcPeer"/> and a <see cref="BrowserLikeClient"/> negotiated over loopback (host candidates),
/// with what the tests observe: microphone samples, failures, connection states, timings.
/// </summary>
internal sealed class LoopbackSession : IDisposable
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private readonly List<float> _microphone = [];
    private readonly TaskCompletionSource _peerConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LoopbackSession(WebRtcPeer peer, BrowserLikeClient client)
    {
        Peer = peer;
        Client = client;
        peer.MicrophoneAudio += samples =>
        {
            lock (_microphone)
            {
                _microphone.AddRange(samples);
            }
        };
        peer.Failed += e => Failures.Add(e);
        peer.ConnectionStateChanged += s =>
        {
            States.Enqueue(s);
            if (s == WebRtcConnectionState.Connected)
            {
                _peerConnected.TrySetResult();
            }
        };
    }

    public WebRtcPeer Peer { get; }

    public BrowserLikeClient Client { get; }

    public System.Collections.Concurrent.ConcurrentBag<Exception> Failures { get; } = [];

    public System.Collections.Concurrent.ConcurrentQueue<WebRtcConnectionState> States { get; } = [];

    /// <summary>The answer the peer returned.</summary>
    public string Answer { get; private set; } = "";

    /// <summary>Milliseconds <see cref="WebRtcPeer.AcceptOfferAsync"/> took.</summary>
    public long AnswerMs { get; private set; }

    /// <summary>Milliseconds from setting the answer at the client to both sides connected.</summary>
    public long ConnectMs { get; private set; }

    /// <summary>
    /// Creates both sides and negotiates: non-trickle (candidates inside both SDPs) or trickle. With
    /// <paramref name="codecFromOffer"/> the peer is made after the client's offer, sending the codec that offer prefers
    /// (<see cref="WebRtcPeer.PreferredVideoCodec"/>), as the server's factory does under <c>VideoCodec=Auto</c>.
    /// </summary>
    public static async Task<LoopbackSession> StartAsync(
        WebRtcPeerOptions peerOptions, BrowserLikeClientOptions? clientOptions = null, bool trickle = false, bool connect = true, bool codecFromOffer = false)
    {
        if (codecFromOffer && trickle)
        {
            throw new ArgumentException("The codec is chosen from a complete offer: no trickle.", nameof(trickle));
        }

        var client = BrowserLikeClient.Create(clientOptions);
        WebRtcPeer? peer = null;
        try
        {
            string? offer = null;
            if (codecFromOffer)
            {
                offer = await client.CreateOfferAsync(waitForCandidates: true);
                peerOptions = peerOptions.Clone();
                peerOptions.Codec = WebRtcPeer.PreferredVideoCodec(offer);
            }

            peer = WebRtcPeer.Create(peerOptions);
            var session = new LoopbackSession(peer, client);
            if (trickle)
            {
                // Each side hands its candidates to the other as they come, like a signalling channel would.
                peer.LocalCandidate += client.AddRemoteCandidate;
                client.LocalCandidate += c => peer.AddRemoteCandidate(c);
            }

            offer ??= await client.CreateOfferAsync(waitForCandidates: !trickle);
            var sw = Stopwatch.StartNew();
            session.Answer = await peer.AcceptOfferAsync(offer, CancellationToken.None);
            session.AnswerMs = sw.ElapsedMilliseconds;
            if (connect)
            {
                sw.Restart();
                await client.SetAnswerAsync(session.Answer);
                await client.WaitForConnectedAsync(ConnectTimeout);
                await session._peerConnected.Task.WaitAsync(ConnectTimeout);
                session.ConnectMs = sw.ElapsedMilliseconds;
            }

            return session;
        }
        catch
        {
            client.Dispose();
            peer?.Dispose();
            throw;
        }
    }

    /// <summary>A copy of the microphone samples the peer received (16 kHz mono).</summary>
    public float[] Microphone()
    {
        lock (_microphone)
        {
            return [.. _microphone];
        }
    }

    /// <summary>
    /// Pushes <paramref name="frames"/> solid-colour BGRx frames at 25 fps of pts, with 40 ms of an
    /// <paramref name="voiceHz"/> tone (48 kHz) per frame, paced in real time.
    /// </summary>
    /// <summary>Pushes <paramref name="frames"/> frames of one colour with their voice, in real time; with
    /// <paramref name="unchanged"/>, every frame after the first as unchanged. Returns the frames the peer sent.</summary>
    public async Task<int> StreamAsync(int frames, double voiceHz = 880, (byte B, byte G, byte R) colour = default, bool unchanged = false, CancellationToken cancellationToken = default)
    {
        int sent = 0;
        WebRtcPeerOptions o = Peer.Options;
        byte[] frame = SolidFrame(o.Width, o.Height, colour);
        float[] voice = new float[1920];
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(40));
        for (int i = 0; i < frames; i++)
        {
            var pts = TimeSpan.FromMilliseconds(40 * i);
            for (int s = 0; s < voice.Length; s++)
            {
                voice[s] = 0.4f * (float)Math.Sin(2 * Math.PI * voiceHz * ((i * voice.Length) + s) / 48000);
            }

            if (unchanged && i > 0)
            {
                sent += Peer.PushUnchangedVideoFrame(frame, pts) ? 1 : 0;
            }
            else
            {
                Peer.PushVideoFrame(frame, pts);
                sent++;
            }

            Peer.PushAudio(voice, 48000, pts);
            await timer.WaitForNextTickAsync(cancellationToken);
        }

        return sent;
    }

    /// <summary>
    /// Pushes <paramref name="count"/> frames at 25 fps of pts, paced in real time: the packed BGRx frames of
    /// <paramref name="frames"/> in order, then its last one again until <paramref name="count"/> (no audio).
    /// </summary>
    public async Task StreamFramesAsync(byte[] frames, int count, CancellationToken cancellationToken = default)
    {
        int frameBytes = Peer.Options.Width * Peer.Options.Height * 4;
        int available = frames.Length / frameBytes;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(40));
        for (int i = 0; i < count; i++)
        {
            Peer.PushVideoFrame(frames.AsSpan(Math.Min(i, available - 1) * frameBytes, frameBytes), TimeSpan.FromMilliseconds(40 * i));
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    public static byte[] SolidFrame(int width, int height, (byte B, byte G, byte R) colour)
    {
        byte[] frame = new byte[width * height * 4];
        for (int i = 0; i < frame.Length; i += 4)
        {
            frame[i] = colour.B;
            frame[i + 1] = colour.G;
            frame[i + 2] = colour.R;
            frame[i + 3] = 255;
        }

        return frame;
    }

    public void Dispose()
    {
        Client.Dispose();
        Peer.Dispose();
    }
}
