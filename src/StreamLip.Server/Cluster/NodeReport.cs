namespace StreamLip.Server.Cluster;

/// <summary>What a node tells the cluster about itself every report interval (JSON in Redis, one hash field per node).</summary>
/// <param name="Silo">The node's silo address (Orleans' parsable form): the key of its field.</param>
/// <param name="Url">Its address for clients.</param>
/// <param name="Slots">Sessions it takes (<c>StreamLip:Cluster:Slots</c>).</param>
/// <param name="Sessions">Sessions it runs.</param>
/// <param name="Free">Sessions it would take now: slots − sessions, no more than its measured headroom admits, 0 while it
/// drains or for <c>LateCooldownSeconds</c> after an interval with over 2 % of its frames late.</param>
/// <param name="FramesLate">Frames its sessions sent late or missed since it started.</param>
/// <param name="Utilization">CPU use of the machine (0..1) as the capacity monitor measures it; null when that is off.</param>
/// <param name="Draining">It is shutting down: it takes nobody new and ends its sessions.</param>
/// <param name="AtUnixMs">When it was made.</param>
internal sealed record NodeReport(string Silo, string Url, int Slots, int Sessions, int Free, long FramesLate, double? Utilization, bool Draining, long AtUnixMs)
{
    /// <summary>The report's age at <paramref name="nowUnixMs"/>, ms.</summary>
    public long AgeMs(long nowUnixMs) => Math.Max(0, nowUnixMs - AtUnixMs);
}
