using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Tests.Shared.Transports;

/// <summary>
/// A session transport for the engine's and the server's tests: answers any offer, records what the session sends
/// (frames and voice with their PTS and the time of the push on <see cref="TimeProvider"/>) and lets the test play the
/// microphone, raise local candidates and fail the transport. Thread-safe: the pacer pushes while the test reads
/// snapshots.
/// </summary>
internal sealed class FakeSessionTransport(TimeProvider? time = null) : ISessionTransport
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly List<SentFrame> _video = [];
    private readonly List<SentAudio> _audio = [];
    private readonly List<IceCandidate> _remoteCandidates = [];
    private readonly List<TimeSpan> _unchanged = [];
    private long _counted;

    public event Action<IceCandidate>? LocalCandidate;

    public event AudioSamplesHandler? MicrophoneAudio;

    public event Action<Exception>? Failed;

    /// <summary>The offer the session accepted, if any.</summary>
    public string? Offer { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>What the session's stats report as its video codec and encoder; null (the default) says nothing.</summary>
    public VideoEncoding? VideoEncoding { get; set; }

    /// <summary>From now on every video push throws (an encoder or a pipeline that broke).</summary>
    public bool FailPushes { get; set; }

    /// <summary>The frames pushed so far (a snapshot).</summary>
    public IReadOnlyList<SentFrame> Video => Snapshot(_video);

    /// <summary>The voice pushed so far (a snapshot).</summary>
    public IReadOnlyList<SentAudio> Audio => Snapshot(_audio);

    /// <summary>The candidates the session added (a snapshot).</summary>
    public IReadOnlyList<IceCandidate> RemoteCandidates => Snapshot(_remoteCandidates);

    public int VideoPushes => Count(_video);

    public int AudioPushes => Count(_audio);

    public Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken)
    {
        Offer = offerSdp;
        return Task.FromResult("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=fake answer\r\n");
    }

    public void AddRemoteCandidate(IceCandidate candidate)
    {
        lock (_gate)
        {
            _remoteCandidates.Add(candidate);
        }
    }

    public void PushVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts)
    {
        if (FailPushes)
        {
            throw new IOException("injected push failure");
        }

        if (!Records)
        {
            Interlocked.Increment(ref _counted);
            return;
        }

        var frame = new SentFrame(pts, _time.GetTimestamp(), bgrx.ToArray());
        lock (_gate)
        {
            _video.Add(frame);
        }
    }

    /// <summary>When true, frames pushed as unchanged are held (counted in <see cref="Held"/>, not recorded), as a
    /// WebRTC peer holds them; by default they are recorded as any other.</summary>
    public bool HoldsUnchanged { get; set; }

    /// <summary>The PTS of each frame pushed as unchanged, in order (whether held or recorded).</summary>
    public IReadOnlyList<TimeSpan> Unchanged => Snapshot(_unchanged);

    /// <summary>Unchanged frames held (with <see cref="HoldsUnchanged"/>).</summary>
    public int Held { get; private set; }

    public bool PushUnchangedVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts)
    {
        lock (_gate)
        {
            _unchanged.Add(pts);
        }

        if (HoldsUnchanged)
        {
            Held++;
            return false;
        }

        PushVideoFrame(bgrx, pts);
        return true;
    }

    public void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts)
    {
        if (!Records)
        {
            Interlocked.Increment(ref _counted);
            return;
        }

        var audio = new SentAudio(pts, _time.GetTimestamp(), sampleRate, samples.ToArray());
        lock (_gate)
        {
            _audio.Add(audio);
        }
    }

    /// <summary>False: pushes are only counted (<see cref="PushesCounted"/>), nothing is kept (an allocation test's transport).</summary>
    public bool Records { get; set; } = true;

    /// <summary>Video and audio pushes while <see cref="Records"/> is false.</summary>
    public long PushesCounted => Interlocked.Read(ref _counted);

    /// <summary>Milliseconds between consecutive video pushes, on the transport's clock.</summary>
    public IReadOnlyList<double> PushGaps()
    {
        var video = Video;
        return [.. video.Zip(video.Skip(1), (a, b) => _time.GetElapsedTime(a.SentAt, b.SentAt).TotalMilliseconds)];
    }

    /// <summary>Plays <paramref name="samples"/> (16 kHz mono) as the microphone.</summary>
    public void Speak(ReadOnlySpan<float> samples) => MicrophoneAudio?.Invoke(samples);

    public void Fail(Exception e) => Failed?.Invoke(e);

    public void Candidate(IceCandidate c) => LocalCandidate?.Invoke(c);

    public void Dispose() => Disposed = true;

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }

    private int Count<T>(List<T> list)
    {
        lock (_gate)
        {
            return list.Count;
        }
    }

    public sealed record SentFrame(TimeSpan Pts, long SentAt, byte[] Bgrx);

    public sealed record SentAudio(TimeSpan Pts, long SentAt, int SampleRate, float[] Samples);
}
