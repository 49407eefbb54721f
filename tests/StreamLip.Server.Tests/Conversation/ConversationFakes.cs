using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Conversation;
using StreamLip.Server.Conversation.Recognition;
using StreamLip.Server.Conversation.Responders;

namespace StreamLip.Server.Tests.Conversation;

/// <summary>The avatar side of a conversation, recorded: what it was told to say, interrupts, and whether it is "audible".</summary>
internal sealed class FakeVoice : IConversationVoice
{
    private volatile bool _speaking;

    public event AudioSamplesHandler? Microphone;

    public TimeSpan Latency => TimeSpan.FromMilliseconds(325);

    public ConcurrentQueue<string> Spoken { get; } = new();

    public int Interrupts;

    /// <summary>Set: the avatar keeps talking after Speak (until an interrupt), so its voice may echo.</summary>
    public bool Speaking
    {
        get => _speaking;
        set => _speaking = value;
    }

    public bool IsAudible(TimeSpan echoTail) => _speaking;

    public void Speak(float[] samples16k, string label)
    {
        Spoken.Enqueue(label);
        _speaking = true;
    }

    public bool Interrupt()
    {
        bool was = _speaking;
        _speaking = false;
        if (was)
        {
            Interlocked.Increment(ref Interrupts); // only those that stopped something, as the session counts them
        }

        return was;
    }

    /// <summary>The microphone hears <paramref name="samples"/>, in 20 ms chunks as WebRTC delivers them.</summary>
    public void Hear(float[] samples)
    {
        for (int i = 0; i < samples.Length; i += 320)
        {
            Microphone?.Invoke(samples.AsSpan(i, Math.Min(320, samples.Length - i)));
        }
    }
}

/// <summary>A recogniser that "hears" the next scripted text for each utterance and counts what it was fed.</summary>
internal sealed class ScriptedRecognizer(params string[] texts) : ISpeechRecognizer
{
    private int _next;

    public string Engine => "scripted";

    public long Samples;

    public int Utterances;

    /// <summary>Set: the next Begin throws it (once).</summary>
    public Exception? FailNextBegin { get; set; }

    public void Begin()
    {
        Interlocked.Increment(ref Utterances);
        if (FailNextBegin is { } e)
        {
            FailNextBegin = null;
            throw e;
        }
    }

    public void Write(ReadOnlySpan<float> samples16k) => Interlocked.Add(ref Samples, samples16k.Length);

    public string? Partial() => Interlocked.Read(ref Samples) > 8000 ? "partial " + texts[Math.Min(_next, texts.Length - 1)] : null;

    public Task<string> FinishAsync(CancellationToken cancellationToken) => Task.FromResult(texts[Math.Min(_next++, texts.Length - 1)]);

    public void Dispose()
    {
    }
}

/// <summary>A responder that streams scripted chunks, each after <see cref="Before"/> (a gate the test opens), and keeps what it was asked.</summary>
internal sealed class ScriptedResponder(params string[] chunks) : IChatResponder
{
    public string Name => "scripted";

    public Func<int, CancellationToken, Task> Before { get; set; } = (_, _) => Task.CompletedTask;

    public ConcurrentQueue<IReadOnlyList<ChatMessage>> Asked { get; } = new();

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? Failure { get; set; }

    public async IAsyncEnumerable<string> RespondAsync(IReadOnlyList<ChatMessage> history, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Asked.Enqueue(history);
        using var registration = cancellationToken.Register(() => Cancelled.TrySetResult());
        if (Failure is not null)
        {
            throw Failure;
        }

        for (int i = 0; i < chunks.Length; i++)
        {
            await Before(i, cancellationToken);
            yield return chunks[i];
        }
    }
}

/// <summary>The conversation's events, recorded in order.</summary>
internal sealed class RecordedEvents : IConversationEvents
{
    public ConcurrentQueue<string> Log { get; } = new();

    public ConcurrentQueue<TurnTimings> Timed { get; } = new();

    public void Transcript(string text, bool final) => Log.Enqueue((final ? "final: " : "partial: ") + text);

    public void ReplyDelta(long turn, string delta) => Log.Enqueue($"delta {turn}: {delta}");

    public void ReplyFinished(long turn, string text, bool interrupted) => Log.Enqueue($"finished {turn}{(interrupted ? " (interrupted)" : string.Empty)}: {text}");

    public void BargeIn(long turn) => Log.Enqueue($"barge-in {turn}");

    public void Timings(TurnTimings timings) => Timed.Enqueue(timings);

    public void Error(string message) => Log.Enqueue("error: " + message);
}
