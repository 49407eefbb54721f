namespace StreamLip.Stages;

/// <summary>What a stage's input channel does when it is full.</summary>
public enum FullChannelPolicy
{
    /// <summary>The writer waits (offline rendering: every frame matters, nothing is late).</summary>
    Wait,

    /// <summary>The oldest item is dropped and its buffers returned to the pool (real-time: fresh beats complete).</summary>
    DropOldest,
}
