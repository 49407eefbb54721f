using StreamLip.Realtime;

namespace StreamLip.Core.Tests.Realtime;

/// <summary>A transport that records what the session sends and lets the test play the microphone.</summary>
internal sealed class FakeTransport(TimeProvider time) : ISessionTransport
{
    private readonly Lock _gate = new();

    public event Action<IceCandidate>? LocalCandidate;

    public event AudioSamplesHandler? MicrophoneAudio;

    public event Action<Exception>? Failed;

    public List<SentFrame> Video { get; } = [];

    public List<SentAudio> Audio { get; } = [];

    public List<IceCandidate> RemoteCandidates { get; } = [];

    public bool Disposed { get; private set; }

    /// <summary>Throws from the next video push (a broken pipeline).</summary>
    public bool FailNextPush { get; set; }

    public Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken) => Task.FromResult("answer:" + offerSdp);

    public void AddRemoteCandidate(IceCandidate candidate) => RemoteCandidates.Add(candidate);

    public void PushVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts)
    {
        if (FailNextPush)
        {
            throw new IOException("injected push failure");
        }

        lock (_gate)
        {
            Video.Add(new SentFrame(pts, time.GetTimestamp(), bgrx.ToArray()));
        }
    }

    public void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts)
    {
        lock (_gate)
        {
            Audio.Add(new SentAudio(pts, time.GetTimestamp(), sampleRate, samples.ToArray()));
        }
    }

    public void Speak(ReadOnlySpan<float> samples) => MicrophoneAudio?.Invoke(samples);

    public void Fail(Exception e) => Failed?.Invoke(e);

    public void Candidate(IceCandidate c) => LocalCandidate?.Invoke(c);

    public void Dispose() => Disposed = true;

    public sealed record SentFrame(TimeSpan Pts, long SentAt, byte[] Bgrx);

    public sealed record SentAudio(TimeSpan Pts, long SentAt, int SampleRate, float[] Samples);
}
