namespace StreamLip.Stages;

/// <summary>
/// What a stage tells its owner about the frames that leave the line early, and what it asks of it: a real-time session
/// keeps its counts and its deadline here (<see cref="Realtime.SessionContext"/>); the offline render has none (no
/// deadline, nothing dropped, a stage's exception fails the render).
/// </summary>
/// <remarks>Called on the stage's own thread; implementations are thread-safe and never block.</remarks>
internal interface IStageLedger
{
    /// <summary>True when frame <paramref name="frame"/> would no longer be shown (its deadline passed, or it was cut):
    /// nothing more is made for it.</summary>
    bool IsPast(long frame);

    /// <summary>A job or face was dropped unmade because <see cref="IsPast"/> said so.</summary>
    void Stale();

    /// <summary>A queue was full and dropped its oldest job or face.</summary>
    void Dropped();

    /// <summary>An item left the line (made, dropped or failed): one fewer in flight.</summary>
    void Left();

    /// <summary>The stage failed on this owner's frames; the owner stops (off the caller's thread).</summary>
    void Fail(Exception error);
}
