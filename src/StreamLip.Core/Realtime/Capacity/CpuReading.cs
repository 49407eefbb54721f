namespace StreamLip.Realtime.Capacity;

/// <summary>Cumulative CPU time (summed over cores, so one busy core adds one second per second).</summary>
/// <param name="Process">Used by this process since it started.</param>
/// <param name="Machine">Used by every process on the machine since boot; null where it cannot be read.</param>
public readonly record struct CpuReading(TimeSpan Process, TimeSpan? Machine);
