using StreamLip.Server.Options;

namespace StreamLip.Server.Tests.Options;

public sealed class CapacityOptionsTests
{
    [Fact]
    public void Bad_capacity_settings_are_named_with_how_to_set_them()
    {
        var o = new ServerOptions();
        o.Capacity.Cores = -1;
        o.Capacity.TargetUtilization = 1.5;
        o.Capacity.SessionCores = 0;
        o.Capacity.SampleMs = 20;

        var failures = new ServerOptionsValidator().Validate(null, o).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("StreamLip:Capacity:Cores is -1; it must be 0 (every core) or up to 4096", StringComparison.Ordinal) && f.Contains("STREAMLIP__CAPACITY__CORES", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Capacity:TargetUtilization is 1.5; it must be 0.1..1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Capacity:SessionCores is 0; it must be 0.001..16", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Capacity:SampleMs is 20; it must be 100..10000", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_turn_admission_by_headroom_on_with_every_core_and_reach_the_engine()
    {
        var o = new ServerOptions();

        var realtime = o.ToRealtimeOptions();

        Assert.Same(o.Capacity, realtime.Capacity);
        Assert.True(o.Capacity is { Enabled: true, Cores: 0, TargetUtilization: 0.85, SessionCores: 0.08, CountOtherProcesses: true, Degrade: true, SampleMs: 1000 });
        Assert.Equal(Environment.ProcessorCount, o.Capacity.EffectiveCores);
    }
}
