using StreamLip.Realtime;
using StreamLip.Realtime.Speech;

namespace StreamLip.Core.Tests.Realtime.Speech;

/// <summary>A session without a microphone, watched through a fake output, on the harness's fake clock; records the
/// speech events and tells which frames show a moving mouth.</summary>
internal sealed class SpeechRig : IAsyncDisposable
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);

    public SpeechRig(RealtimeHarness harness, bool microphone = false)
    {
        Harness = harness;
        if (microphone)
        {
            (Session, Microphone) = harness.Start();
        }
        else
        {
            Session = harness.Engine.StartSession("speech", harness.AvatarA, transport: null);
        }

        Output = new FakeSessionTransport(harness.Time);
        Session.AddOutput(Output);
        Session.UtteranceStarted += (_, u) => Record($"started {u.Id}");
        Session.UtteranceFinished += (_, u, interrupted) => Record($"finished {u.Id}{(interrupted ? " interrupted" : "")}");
    }

    public RealtimeHarness Harness { get; }

    public RealtimeSession Session { get; }

    public FakeSessionTransport? Microphone { get; }

    public FakeSessionTransport Output { get; }

    public List<string> Events { get; } = [];

    /// <summary>Moves the clock in 20 ms steps, letting the pipeline settle after each (as real time would);
    /// <paramref name="each"/> runs before each step.</summary>
    public void Run(TimeSpan duration, Action? each = null)
    {
        for (var t = TimeSpan.Zero; t < duration; t += Step)
        {
            each?.Invoke();
            Harness.Time.Advance(Step);
            Harness.Settle(Session);
        }
    }

    /// <summary>True when frame <paramref name="index"/> of the output shows a generated (darkened) mouth.</summary>
    public bool Moves(int index)
    {
        var avatar = Harness.AvatarA;
        int mouth = RealtimeHarness.MouthOffset(avatar);
        byte[] expected = avatar.Frame(avatar.LoopIndex(Frame(index).Pts.Ticks / TimeSpan.FromMilliseconds(40).Ticks)).ToArray();
        return Frame(index).Bgrx[mouth] < expected[mouth] - 40;
    }

    /// <summary>True when frame <paramref name="index"/> is exactly the avatar's own loop frame for its time.</summary>
    public bool AtRest(int index)
    {
        var avatar = Harness.AvatarA;
        var expected = avatar.Frame(avatar.LoopIndex(Frame(index).Pts.Ticks / TimeSpan.FromMilliseconds(40).Ticks));
        return expected.SequenceEqual(Frame(index).Bgrx);
    }

    public FakeSessionTransport.SentFrame Frame(int index)
    {
        lock (Output.Video)
        {
            return Output.Video[index];
        }
    }

    public int FrameCount
    {
        get
        {
            lock (Output.Video)
            {
                return Output.Video.Count;
            }
        }
    }

    public ValueTask DisposeAsync() => Session.DisposeAsync();

    private void Record(string e)
    {
        lock (Events)
        {
            Events.Add(e);
        }
    }
}
