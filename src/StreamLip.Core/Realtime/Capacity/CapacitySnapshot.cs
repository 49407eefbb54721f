namespace StreamLip.Realtime.Capacity;

/// <summary>
/// The node's capacity as last measured (<c>/api/stats</c> <c>capacity</c>, <c>/metrics</c> <c>streamlip_capacity_*</c>;
/// the cluster's placement reads the same figure). Cores are CPU seconds per second.
/// </summary>
public sealed record CapacitySnapshot
{
    /// <summary>Cores the node may use for sessions (<see cref="CapacityOptions.Cores"/>).</summary>
    public required double Cores { get; init; }

    /// <summary>What sessions may fill: <see cref="Cores"/> × the target utilisation.</summary>
    public required double BudgetCores { get; init; }

    /// <summary>This process's CPU, smoothed over the last windows (the newest weighs half).</summary>
    public required double ProcessCores { get; init; }

    /// <summary>Other processes' CPU, smoothed so (null: unknown, or not counted).</summary>
    public double? OtherCores { get; init; }

    /// <summary>What one session is taken to cost: the measured mean (process CPU / sessions, smoothed),
    /// never below <see cref="CapacityOptions.SessionCores"/>.</summary>
    public required double SessionCores { get; init; }

    /// <summary>Budget left: budget − max(process CPU, sessions × session cost) − other processes' CPU.</summary>
    public required double HeadroomCores { get; init; }

    /// <summary>New sessions the node would admit now (0 while overloaded or while any session is degraded).</summary>
    public required int HeadroomSessions { get; init; }

    /// <summary>Sessions running when measured.</summary>
    public required int Sessions { get; init; }

    /// <summary>Sessions running at a reduced frame rate.</summary>
    public required int DegradedSessions { get; init; }

    /// <summary>True when the last window was over the line: frames behind, or the CPU full.</summary>
    public required bool Overloaded { get; init; }

    /// <summary>Why, in words; null when not overloaded.</summary>
    public string? OverloadReason { get; init; }

    /// <summary>Late + missed frames over due frames in the last window; null when none were due.</summary>
    public double? BehindFraction { get; init; }
}
