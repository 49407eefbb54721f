namespace StreamLip.Realtime.Capacity;

/// <summary>Where CPU time is read from (<see cref="SystemCpuMeter"/>; a scripted one in tests).</summary>
public interface ICpuMeter
{
    /// <summary>CPU time used so far: by this process, and by the whole machine when known.</summary>
    CpuReading Read();
}
