using System.Globalization;

namespace StreamLip.Realtime.Capacity;

/// <summary>
/// Admission by measured headroom and graceful overload (<see cref="HeadroomEstimator"/>, <see cref="CapacityMonitor"/>).
/// The server binds it from <c>StreamLip:Capacity</c>; <see cref="RealtimeOptions.Capacity"/> null or <see cref="Enabled"/> false turns it off.
/// </summary>
public sealed class CapacityOptions
{
    /// <summary>False turns admission by headroom and degrading off (only <c>MaxSessions</c> limits). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Cores this node may use for sessions; 0 (the default): every core the process may run on
    /// (<see cref="Environment.ProcessorCount"/>, which follows a container's CPU limit).</summary>
    public double Cores { get; set; }

    /// <summary>The share of <see cref="Cores"/> sessions may fill before new ones are refused (0.1..1). Default 0.85: the
    /// rest is the margin that keeps the admitted sessions on time when one of them starts speaking.</summary>
    public double TargetUtilization { get; set; } = 0.85;

    /// <summary>
    /// The least a session is assumed to cost, cores (0.001..16): used before any session has been measured, and as a
    /// floor under the measured figure (an idle session costs less than a speaking one). Default 0.08 (a speaking
    /// 512 × 512 session with the demo model on this project's 2-core machine: 0.087 cores with VP8, 0.072 with H.264,
    /// benchmarks/RESULTS.md, "Cheaper sessions").
    /// </summary>
    public double SessionCores { get; set; } = 0.08;

    /// <summary>True (the default): CPU that other processes take counts against the headroom (the machine is shared).
    /// False: only this process's own use counts (a node whose cores are reserved for it).</summary>
    public bool CountOtherProcesses { get; set; } = true;

    /// <summary>True (the default): under overload, sessions drop to half frame rate one at a time, newest first, audio
    /// intact, and come back oldest first once the load has gone (see <see cref="CapacityMonitor"/>).</summary>
    public bool Degrade { get; set; } = true;

    /// <summary>Milliseconds between measurements (100..10000). Default 1000.</summary>
    public int SampleMs { get; set; } = 1000;

    /// <summary>The cores in force: <see cref="Cores"/>, or every core when it is 0.</summary>
    public double EffectiveCores => Cores > 0 ? Cores : Environment.ProcessorCount;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate() => Check((ok, key, message) =>
    {
        if (!ok)
        {
            throw new ArgumentException($"Capacity:{key} {message}.");
        }
    });

    /// <summary>Reports each setting through <paramref name="check"/> (ok, key under the section, message).</summary>
    public void Check(Action<bool, string, string> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        CultureInfo ci = CultureInfo.InvariantCulture;
        check(Cores is >= 0 and <= 4096, "Cores", string.Create(ci, $"is {Cores}; it must be 0 (every core) or up to 4096"));
        check(TargetUtilization is >= 0.1 and <= 1, "TargetUtilization", string.Create(ci, $"is {TargetUtilization}; it must be 0.1..1"));
        check(SessionCores is >= 0.001 and <= 16, "SessionCores", string.Create(ci, $"is {SessionCores}; it must be 0.001..16"));
        check(SampleMs is >= 100 and <= 10_000, "SampleMs", string.Create(ci, $"is {SampleMs}; it must be 100..10000"));
    }
}
