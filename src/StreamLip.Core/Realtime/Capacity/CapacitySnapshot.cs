namespace StreamLip.Realtime.Capacity;

/// <summary>
/// The node's capacity as last measured (<c>/api/stats</c> <c>capacity</c>, <c>/metrics</c> <c>streamlip_capacity_*</c>;
/// the cluster's placement reads the same figure). Cores are CPU seconds per second.
/// </summary>
/// <param name="Cores">Cores the node may use for sessions (<see cref="CapacityOptions.Cores"/>).</param>
/// <param name="BudgetCores">What sessions may fill: <paramref name="Cores"/> × the target utilisation.</param>
/// <param name="ProcessCores">This process's CPU, smoothed over the last windows (the newest weighs half).</param>
/// <param name="OtherCores">Other processes' CPU, smoothed so (null: unknown, or not counted).</param>
/// <param name="SessionCores">What one session is taken to cost: the measured mean (process CPU / sessions, smoothed),
/// never below <see cref="CapacityOptions.SessionCores"/>.</param>
/// <param name="HeadroomCores">Budget left: budget − max(process CPU, sessions × session cost) − other processes' CPU.</param>
/// <param name="HeadroomSessions">New sessions the node would admit now (0 while overloaded or while any session is degraded).</param>
/// <param name="Sessions">Sessions running when measured.</param>
/// <param name="DegradedSessions">Sessions running at a reduced frame rate.</param>
/// <param name="Overloaded">True when the last window was over the line: frames behind, or the CPU full.</param>
/// <param name="OverloadReason">Why, in words; null when not overloaded.</param>
/// <param name="BehindFraction">Late + missed frames over due frames in the last window; null when none were due.</param>
public sealed record CapacitySnapshot(
    double Cores,
    double BudgetCores,
    double ProcessCores,
    double? OtherCores,
    double SessionCores,
    double HeadroomCores,
    int HeadroomSessions,
    int Sessions,
    int DegradedSessions,
    bool Overloaded,
    string? OverloadReason,
    double? BehindFraction);
