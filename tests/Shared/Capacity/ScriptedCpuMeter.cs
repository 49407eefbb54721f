using StreamLip.Realtime.Capacity;

namespace StreamLip.Tests.Shared.Capacity;

/// <summary>CPU time that grows on the fake clock at the rates set (cores), for this process and for other processes.</summary>
internal sealed class ScriptedCpuMeter(TimeProvider time) : ICpuMeter
{
    private readonly Lock _gate = new();
    private long _last = time.GetTimestamp();
    private double _process; // CPU seconds
    private double _others;
    private double _processRate;
    private double _othersRate;

    /// <summary>Cores this process uses from now on.</summary>
    public double ProcessCores
    {
        set
        {
            lock (_gate)
            {
                Accrue();
                _processRate = value;
            }
        }
    }

    /// <summary>Cores other processes use from now on (a CPU hog beside the server).</summary>
    public double OtherCores
    {
        set
        {
            lock (_gate)
            {
                Accrue();
                _othersRate = value;
            }
        }
    }

    public CpuReading Read()
    {
        lock (_gate)
        {
            Accrue();
            return new CpuReading(TimeSpan.FromSeconds(_process), TimeSpan.FromSeconds(_process + _others));
        }
    }

    private void Accrue()
    {
        long now = time.GetTimestamp();
        double seconds = time.GetElapsedTime(_last, now).TotalSeconds;
        _last = now;
        _process += _processRate * seconds;
        _others += _othersRate * seconds;
    }
}
