using StreamLip.Realtime.Capacity;

namespace StreamLip.Core.Tests.Realtime.Capacity;

public sealed class HeadroomEstimatorTests
{
    private static CapacityOptions Options(double cores = 2, double target = 0.8, double sessionCores = 0.25, bool others = true) =>
        new() { Cores = cores, TargetUtilization = target, SessionCores = sessionCores, CountOtherProcesses = others };

    [Fact]
    public void Before_any_measurement_the_floor_cost_decides_and_the_next_is_refused_with_the_figures()
    {
        var estimator = new HeadroomEstimator(Options(cores: 1, target: 0.8, sessionCores: 0.25));

        // 0.8 cores of budget at 0.25 each: three sessions, counted as they are admitted.
        Assert.Equal(3, estimator.Current.HeadroomSessions);
        Assert.True(estimator.TryAdmit(0, out _));
        Assert.True(estimator.TryAdmit(2, out string? none));
        Assert.Null(none);
        Assert.False(estimator.TryAdmit(3, out string? refusal));
        Assert.Contains("no headroom", refusal, StringComparison.Ordinal);
        Assert.Contains("3 sessions at 0.250 cores each", refusal, StringComparison.Ordinal);
        Assert.Contains("StreamLip:Capacity:Cores 1 × TargetUtilization 0.8", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_measured_cost_per_session_replaces_the_floor_when_higher_and_is_smoothed()
    {
        var estimator = new HeadroomEstimator(Options());

        // Two sessions used 0.8 cores: 0.4 each; budget 1.6 − 0.8 = 0.8 → two more.
        var s = estimator.Update(new CapacitySample(0.8, null, 2, 50, 0, 0));
        Assert.Equal(0.4, s.SessionCores, 6);
        Assert.Equal(0.8, s.HeadroomCores, 6);
        Assert.Equal(2, s.HeadroomSessions);
        Assert.True(estimator.TryAdmit(3, out _));
        Assert.False(estimator.TryAdmit(4, out _));

        // A cheap window (idle sessions) moves the figure halfway only, and never under the floor.
        s = estimator.Update(new CapacitySample(0.2, null, 2, 50, 0, 0));
        Assert.Equal(0.25, s.SessionCores, 6);
        s = estimator.Update(new CapacitySample(0, null, 0, 0, 0, 0));
        Assert.Equal(0.25, s.SessionCores, 6); // kept while no session runs
        Assert.Equal(0.25, s.ProcessCores, 6); // the process's own figure is smoothed as well: 0.8 → 0.5 → 0.25
        Assert.Equal(5, s.HeadroomSessions); // (1.6 − 0.25) / 0.25
    }

    [Fact]
    public void Other_processes_take_headroom_unless_told_not_to_count_them()
    {
        var sample = new CapacitySample(0.3, 1.5, 1, 25, 0, 0); // a hog beside the server takes 1.2 cores

        var counted = new HeadroomEstimator(Options()).Update(sample);
        var reserved = new HeadroomEstimator(Options(others: false)).Update(sample);

        Assert.Equal(1.2, counted.OtherCores!.Value, 6);
        Assert.Equal(0, counted.HeadroomSessions); // 1.6 − 0.3 − 1.2 = 0.1 < 0.3
        Assert.Null(reserved.OtherCores);
        Assert.Equal(4, reserved.HeadroomSessions); // 1.6 − 0.3 = 1.3 at 0.3 each
        var estimator = new HeadroomEstimator(Options());
        estimator.Update(sample);
        Assert.False(estimator.TryAdmit(1, out string? refusal));
        Assert.Contains("other processes 1.20", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Frames_behind_make_a_window_overloaded_and_nothing_is_admitted_however_idle_the_cpu()
    {
        var estimator = new HeadroomEstimator(Options());

        var ok = estimator.Update(new CapacitySample(0.2, null, 2, 100, 2, 0)); // 2 % is still on time
        Assert.False(ok.Overloaded);
        var late = estimator.Update(new CapacitySample(0.2, null, 2, 100, 3, 0));

        Assert.True(late.Overloaded);
        Assert.Equal(0, late.HeadroomSessions);
        Assert.False(estimator.TryAdmit(2, out string? refusal));
        Assert.Contains("overloaded (3.0 % of the frames due", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_cpu_is_overload_only_from_the_second_window_running()
    {
        var estimator = new HeadroomEstimator(Options(cores: 2));
        var full = new CapacitySample(0.4, 1.95, 2, 50, 0, 0); // 97.5 % of 2 cores

        Assert.False(estimator.Update(full).Overloaded);
        var second = estimator.Update(full);
        Assert.True(second.Overloaded);
        Assert.Contains("the CPU is full: 1.95 of 2 cores", second.OverloadReason, StringComparison.Ordinal);
        Assert.False(estimator.Update(full with { MachineCores = 1.0 }).Overloaded);
    }

    [Fact]
    public void While_any_session_is_degraded_no_new_one_is_admitted()
    {
        var estimator = new HeadroomEstimator(Options());

        var s = estimator.Update(new CapacitySample(0.2, null, 2, 50, 0, 1));

        Assert.Equal(0, s.HeadroomSessions);
        Assert.True(s.HeadroomCores > 1);
        Assert.False(estimator.TryAdmit(2, out string? refusal));
        Assert.Contains("1 of its sessions run at a reduced frame rate", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 0.8, 0.1, 1000, "Capacity:Cores")]
    [InlineData(double.NaN, 0.8, 0.1, 1000, "Capacity:Cores")]
    [InlineData(0, 0.05, 0.1, 1000, "Capacity:TargetUtilization")]
    [InlineData(0, 1.5, 0.1, 1000, "Capacity:TargetUtilization")]
    [InlineData(0, 0.8, 0, 1000, "Capacity:SessionCores")]
    [InlineData(0, 0.8, 0.1, 50, "Capacity:SampleMs")]
    public void Settings_out_of_range_are_refused_naming_the_key(double cores, double target, double sessionCores, int sampleMs, string key)
    {
        var options = new CapacityOptions { Cores = cores, TargetUtilization = target, SessionCores = sessionCores, SampleMs = sampleMs };

        var e = Assert.Throws<ArgumentException>(() => new HeadroomEstimator(options));

        Assert.StartsWith(key + " is ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cpu_line_of_proc_stat_gives_the_busy_time_without_idle_and_iowait()
    {
        // user nice system idle iowait irq softirq steal: 100 + 20 + 30 + 5 + 5 + 40 ticks busy = 2 s.
        Assert.Equal(TimeSpan.FromSeconds(2), SystemCpuMeter.ParseCpuLine("cpu  100 20 30 9000 700 5 5 40 0 0"));
        Assert.Null(SystemCpuMeter.ParseCpuLine("cpu0 1 2 3 4 5 6 7"));
        Assert.Null(SystemCpuMeter.ParseCpuLine(null));
        Assert.NotNull(new SystemCpuMeter().Read().Machine); // this is Linux
    }
}
