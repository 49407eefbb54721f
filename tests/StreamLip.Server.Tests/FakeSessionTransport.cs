using StreamLip.Realtime;

namespace StreamLip.Server.Tests;

/// <summary>A transport that answers any offer, records what it is sent and lets the test play the microphone.</summary>
internal sealed class FakeSessionTransport : ISessionTransport
{
    private readonly Lock _gate = new();
    private readonly List<(TimeSpan Pts, byte[] Bgrx)> _video = [];
    private readonly List<long> _pushedAt = [];
    private int _audioPushes;

    public event Action<IceCandidate>? LocalCandidate;

    public event AudioSamplesHandler? MicrophoneAudio;

    public event Action<Exception>? Failed;

    public List<IceCandidate> RemoteCandidates { get; } = [];

    public string? Offer { get; private set; }

    public bool Disposed { get; private set; }

    public int AudioPushes => Volatile.Read(ref _audioPushes);

    /// <summary>From now on every video push throws (an encoder or a pipeline that broke).</summary>
    public bool FailPushes { get; set; }

    /// <summary>Video frames pushed so far.</summary>
    public int VideoPushes
    {
        get
        {
            lock (_gate)
            {
                return _video.Count;
            }
        }
    }

    public Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken)
    {
        Offer = offerSdp;
        return Task.FromResult("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=fake answer\r\n");
    }

    public void AddRemoteCandidate(IceCandidate candidate)
    {
        lock (_gate)
        {
            RemoteCandidates.Add(candidate);
        }
    }

    public void PushVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts)
    {
        if (FailPushes)
        {
            throw new IOException("injected encoder failure");
        }

        lock (_gate)
        {
            _video.Add((pts, bgrx.ToArray()));
            _pushedAt.Add(System.Diagnostics.Stopwatch.GetTimestamp());
        }
    }

    public void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts) => Interlocked.Increment(ref _audioPushes);

    public IReadOnlyList<(TimeSpan Pts, byte[] Bgrx)> Video()
    {
        lock (_gate)
        {
            return [.. _video];
        }
    }

    /// <summary>Milliseconds between consecutive video pushes (wall clock).</summary>
    public IReadOnlyList<double> PushGaps()
    {
        lock (_gate)
        {
            return [.. _pushedAt.Zip(_pushedAt.Skip(1), (a, b) => System.Diagnostics.Stopwatch.GetElapsedTime(a, b).TotalMilliseconds)];
        }
    }

    public void Speak(ReadOnlySpan<float> samples) => MicrophoneAudio?.Invoke(samples);

    public void Fail(Exception e) => Failed?.Invoke(e);

    public void Candidate(IceCandidate c) => LocalCandidate?.Invoke(c);

    public void Dispose() => Disposed = true;
}
