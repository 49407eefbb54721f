using StreamLip.Avatars;
using StreamLip.Core.Tests.Avatars;
using StreamLip.Core.Tests.Rendering;
using StreamLip.Realtime;
using StreamLip.Realtime.Capacity;

namespace StreamLip.Core.Tests.Realtime;

/// <summary>
/// An engine on a fake clock with a fake generator, small synthetic avatars and fake transports; helpers that play a
/// microphone in real time (on the fake clock) and wait for the pipeline's threads to settle.
/// </summary>
internal sealed class RealtimeHarness : IAsyncDisposable
{
    public const int W = 64, H = 64, FaceSize = 16;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(20);
    private readonly string _dir = TestFrames.TempDirectory();
    private readonly List<Avatar> _avatars = [];

    public RealtimeHarness(RealtimeOptions? options = null, bool startBatcher = true, int maxBatch = 64, Func<TimeProvider, ICpuMeter>? cpu = null)
    {
        Options = options ?? new RealtimeOptions { BatchPerSession = 5, MaxSessions = 4 };
        Generator = new FakeGenerator(FaceSize, maxBatch);
        Engine = new RealtimeEngine(Generator, Options, Time, null, startBatcher, cpu?.Invoke(Time));
        BatcherRuns = startBatcher;
        AvatarA = MakeAvatar(0);
        AvatarB = MakeAvatar(97);
    }

    public ManualTimeProvider Time { get; } = new();

    public RealtimeOptions Options { get; }

    public FakeGenerator Generator { get; }

    public RealtimeEngine Engine { get; }

    public Avatar AvatarA { get; }

    public Avatar AvatarB { get; }

    public static TimeSpan Chunk => TimeSpan.FromMilliseconds(20);

    /// <summary>Where the mouth is in the frame of the test avatars (the fake generator darkens it on speech).</summary>
    public static int MouthOffset(Avatar avatar)
    {
        var box = avatar.Box(0);
        return (((box.Y + (box.Height * 3 / 4)) * W) + box.X + (box.Width / 2)) * 4;
    }

    public (RealtimeSession Session, FakeSessionTransport Transport) Start(Avatar? avatar = null)
    {
        var transport = new FakeSessionTransport(Time);
        var session = Engine.StartSession("test", avatar ?? AvatarA, transport);
        return (session, transport);
    }

    /// <summary>Plays <paramref name="samples"/> into the microphone of each session in 20 ms chunks, the clock moving
    /// 20 ms before each chunk; waits after each for the audio loop (and, with a running batcher, the whole pipeline).</summary>
    public void Speak(float[] samples, params (RealtimeSession Session, FakeSessionTransport Transport)[] sessions)
    {
        const int chunk = 320;
        for (int at = 0; at < samples.Length; at += chunk)
        {
            Time.Advance(Chunk);
            foreach (var (session, transport) in sessions)
            {
                transport.Speak(samples.AsSpan(at, Math.Min(chunk, samples.Length - at)));
            }

            foreach (var (session, _) in sessions)
            {
                Settle(session);
            }
        }
    }

    /// <summary>Waits (real time) until the session's queued work is done: audio processed and, when the batcher runs,
    /// every job composed.</summary>
    public void Settle(RealtimeSession session)
    {
        bool settled = SpinWait.SpinUntil(() => session.AudioPending == 0 && (!BatcherRuns || session.InFlight == 0), SettleTimeout);
        Assert.True(settled, $"the pipeline did not settle: {session.AudioPending} chunks, {session.InFlight} items in flight");
    }

    public bool BatcherRuns { get; }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Generator.Dispose();
        foreach (var avatar in _avatars)
        {
            avatar.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One more avatar, its face filled with grey <paramref name="face"/> (so the generator can tell its frames).</summary>
    public Avatar MakeAvatar(int seed, byte face = 200, int stillFrames = 3)
    {
        string dir = Path.Combine(_dir, $"avatar{seed}-{face}-{stillFrames}");
        byte[] frame = TestFrames.Gradient(W, H, seed);
        TestFrames.Fill(frame, W, new FaceBox(16, 16, 32, 32), face, face, face);
        AvatarBuilder.Build([new AvatarSourceFrame(frame, [new FaceBox(16, 16, 32, 22)])], W, H, "t.png", dir, new AvatarBuildOptions { FaceSize = FaceSize, StillFrames = stillFrames });
        var avatar = Avatar.Load(dir);
        _avatars.Add(avatar);
        return avatar;
    }
}
