using System.Diagnostics.Metrics;

namespace StreamLip.Server.Conversation;

/// <summary>Conversation instruments on the meter <c>StreamLip.Conversation</c> (exported by <c>/metrics</c> with the others).</summary>
internal sealed class ConversationMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "StreamLip.Conversation";

    public ConversationMetrics(IMeterFactory factory)
    {
        var meter = factory.Create(MeterName);
        Turns = meter.CreateCounter<long>("streamlip.conversation.turns", "{turn}", "Replies spoken in full (a turn with timings).");
        BargeIns = meter.CreateCounter<long>("streamlip.conversation.barge_ins", "{turn}", "Times the user spoke over the avatar or its pending reply.");
        Errors = meter.CreateCounter<long>("streamlip.conversation.errors", "{error}", "Recognition, model or synthesis failures shown to the user.");
        FirstMouth = meter.CreateHistogram<double>("streamlip.conversation.first_mouth", "ms", "End of the user's speech to the first mouth motion and audio of the reply at the viewer.");
        Turns.Add(0);
        BargeIns.Add(0);
        Errors.Add(0);
    }

    public Counter<long> Turns { get; }

    public Counter<long> BargeIns { get; }

    public Counter<long> Errors { get; }

    public Histogram<double> FirstMouth { get; }
}
