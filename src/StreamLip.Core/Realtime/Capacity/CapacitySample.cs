namespace StreamLip.Realtime.Capacity;

/// <summary>What one measurement window saw (the input of <see cref="HeadroomEstimator.Update"/>).</summary>
/// <param name="ProcessCores">This process's CPU over the window, cores (CPU seconds per second).</param>
/// <param name="MachineCores">Every process's CPU over the window, cores; null when unknown.</param>
/// <param name="Sessions">Sessions running at the end of the window.</param>
/// <param name="FramesDue">Frame deadlines that passed in the window, all sessions together.</param>
/// <param name="FramesBehind">Of those, frames sent late (previous frame again) or missed by the pacer.</param>
/// <param name="DegradedSessions">Sessions running at a reduced frame rate at the end of the window.</param>
public readonly record struct CapacitySample(double ProcessCores, double? MachineCores, int Sessions, long FramesDue, long FramesBehind, int DegradedSessions);
