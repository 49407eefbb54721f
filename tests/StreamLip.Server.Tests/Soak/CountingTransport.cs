using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Transport;

namespace StreamLip.Server.Tests.Soak;

/// <summary>A transport for long runs: counts what it is sent and keeps nothing (the fake transport keeps every frame).</summary>
internal sealed class CountingTransport : ISessionTransport
{
    private long _video;
    private long _audio;

    public event Action<IceCandidate>? LocalCandidate;

    public event AudioSamplesHandler? MicrophoneAudio;

    /// <summary>Never raised: this transport does not fail.</summary>
    public event Action<Exception>? Failed
    {
        add { }
        remove { }
    }

    public long VideoPushes => Interlocked.Read(ref _video);

    public long AudioPushes => Interlocked.Read(ref _audio);

    public VideoEncoding? VideoEncoding => null;

    public Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken) =>
        Task.FromResult("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=counting answer\r\n");

    public void AddRemoteCandidate(IceCandidate candidate) => LocalCandidate?.Invoke(candidate);

    public void PushVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts) => Interlocked.Increment(ref _video);

    public void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts) => Interlocked.Increment(ref _audio);

    public void Speak(ReadOnlySpan<float> samples) => MicrophoneAudio?.Invoke(samples);

    public void Dispose()
    {
    }

    /// <summary>Makes counting transports and keeps them for the test.</summary>
    internal sealed class Factory : ISessionTransportFactory
    {
        public List<CountingTransport> Created { get; } = [];

        public ISessionTransport Create(TransportRequest request)
        {
            var transport = new CountingTransport();
            lock (Created)
            {
                Created.Add(transport);
            }

            return transport;
        }
    }
}
