using System.Globalization;

namespace StreamLip.Realtime.Capacity;

/// <summary>
/// The headroom figure from measurements, and the admission decision made from it; no clock, no threads of its own
/// (<see cref="CapacityMonitor"/> feeds it one <see cref="CapacitySample"/> per window). Thread-safe.
/// </summary>
/// <remarks>
/// A session costs what the process used over the window divided by its sessions (smoothed over windows, kept while no
/// session runs), at least <see cref="CapacityOptions.SessionCores"/>. The CPU figures are smoothed too (the newest
/// window weighs half); overload is judged on each window as measured. The node is full when one more such session
/// would take the used cores (the process's, or sessions × that cost if more, plus other processes' when counted) past
/// <see cref="CapacityOptions.Cores"/> × <see cref="CapacityOptions.TargetUtilization"/>. While frames fall behind
/// (more than <see cref="BehindLimit"/> of those due) or the CPU is full (over <see cref="FullUtilization"/> of the cores
/// two windows running), or any session is degraded, nothing new is admitted.
/// </remarks>
public sealed class HeadroomEstimator
{
    /// <summary>Late + missed frames over due frames above which a window counts as overloaded.</summary>
    public const double BehindLimit = 0.02;

    /// <summary>The share of the cores above which the CPU counts as full.</summary>
    public const double FullUtilization = 0.95;

    private const double Smoothing = 0.5; // weight of the newest window in the per-session cost
    private const double Rounding = 1e-9; // 0.9 / 0.3 is 2.9999999999999996 in doubles: three sessions fit
    private readonly CapacityOptions _options;
    private readonly Lock _gate = new();
    private double? _measuredSessionCores;
    private double? _processCores; // smoothed: one window's spike (a collection, an offer's negotiation) is not the load
    private double? _otherCores;
    private int _fullWindows;
    private CapacitySnapshot _current;

    /// <summary>An estimator with nothing measured yet: the prior <see cref="CapacityOptions.SessionCores"/> applies.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public HeadroomEstimator(CapacityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _current = Compute(new CapacitySample(0, null, 0, 0, 0, 0), overloadReason: null);
    }

    /// <summary>The figure as last measured.</summary>
    public CapacitySnapshot Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Takes one window's measurements and returns the new figure.</summary>
    public CapacitySnapshot Update(in CapacitySample sample)
    {
        lock (_gate)
        {
            if (sample.Sessions > 0)
            {
                _measuredSessionCores = Smooth(_measuredSessionCores, sample.ProcessCores / sample.Sessions);
            }

            double cores = _options.EffectiveCores;
            double busy = sample.ProcessCores + (_options.CountOtherProcesses ? Others(sample) ?? 0 : 0);
            _fullWindows = busy > cores * FullUtilization ? _fullWindows + 1 : 0;
            string? reason = null;
            double? behind = sample.FramesDue > 0 ? (double)sample.FramesBehind / sample.FramesDue : null;
            if (behind > BehindLimit)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"{behind:P1} of the frames due in the last window were late or missed");
            }
            else if (_fullWindows >= 2)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"the CPU is full: {busy:0.00} of {cores:0.##} cores in use");
            }

            _processCores = Smooth(_processCores, sample.ProcessCores);
            _otherCores = Others(sample) is { } others ? Smooth(_otherCores, others) : null;
            _current = Compute(sample, reason);
            return _current;
        }
    }

    /// <summary>
    /// True when the node can take one more session besides the <paramref name="running"/> ones (sessions admitted since
    /// the last window count at the per-session cost); else false with the reason, in words, for the refused client.
    /// </summary>
    public bool TryAdmit(int running, out string? refusal)
    {
        CapacitySnapshot s = Current;
        if (s.Overloaded)
        {
            refusal = $"The server is overloaded ({s.OverloadReason}); it takes no new session until that passes. Try again later.";
            return false;
        }

        if (s.DegradedSessions > 0)
        {
            refusal = $"The server is shedding load: {s.DegradedSessions} of its sessions run at a reduced frame rate; it takes no new session until they are back to full rate. Try again later.";
            return false;
        }

        if (Admissible(s, running) >= 1)
        {
            refusal = null;
            return true;
        }

        string others = s.OtherCores is { } o ? string.Create(CultureInfo.InvariantCulture, $", other processes {o:0.00}") : string.Empty;
        refusal = string.Create(
            CultureInfo.InvariantCulture,
            $"The server has no headroom for another session: {running} sessions at {s.SessionCores:0.000} cores each, this process {s.ProcessCores:0.00}{others}, of the {s.BudgetCores:0.00} cores sessions may fill (StreamLip:Capacity:Cores {s.Cores:0.##} × TargetUtilization {_options.TargetUtilization:0.##}). Try again later.");
        return false;
    }

    /// <summary>New sessions the node would admit besides the <paramref name="running"/> ones (those admitted since the
    /// last window count at the per-session cost): what readiness and placement read.</summary>
    public int Admissible(int running) => Admissible(Current, running);

    private static int Admissible(CapacitySnapshot s, int running) => Math.Max(0, s.HeadroomSessions - Math.Max(0, running - s.Sessions));

    private static double Smooth(double? previous, double measured) => previous is { } p ? (Smoothing * measured) + ((1 - Smoothing) * p) : measured;

    private double? Others(in CapacitySample sample) => sample.MachineCores is { } m ? Math.Max(0, m - sample.ProcessCores) : null;

    private CapacitySnapshot Compute(in CapacitySample sample, string? overloadReason)
    {
        double cores = _options.EffectiveCores;
        double budget = cores * _options.TargetUtilization;
        double perSession = Math.Max(_options.SessionCores, _measuredSessionCores ?? 0);
        double process = _processCores ?? sample.ProcessCores;
        double? others = _options.CountOtherProcesses ? _otherCores : null;
        double used = Math.Max(process, sample.Sessions * perSession) + (others ?? 0);
        double headroom = budget - used;
        bool overloaded = overloadReason is not null;
        int sessions = overloaded || sample.DegradedSessions > 0 || headroom <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Floor((headroom / perSession) + Rounding));
        double? behind = sample.FramesDue > 0 ? (double)sample.FramesBehind / sample.FramesDue : null;
        return new CapacitySnapshot
        {
            Cores = cores,
            BudgetCores = budget,
            ProcessCores = process,
            OtherCores = others,
            SessionCores = perSession,
            HeadroomCores = headroom,
            HeadroomSessions = sessions,
            Sessions = sample.Sessions,
            DegradedSessions = sample.DegradedSessions,
            Overloaded = overloaded,
            OverloadReason = overloadReason,
            BehindFraction = behind,
        };
    }
}
