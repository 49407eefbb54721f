using StreamLip.Audio;
using StreamLip.Realtime;

namespace StreamLip.Core.Tests.Realtime;

public sealed class LatencyBudgetTests
{
    [Fact]
    public void The_window_floor_is_212_5_ms_and_40_ms_less_with_the_training_alignment()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(212.5), LatencyBudget.WindowFloor(0));
        Assert.Equal(TimeSpan.FromMilliseconds(172.5), LatencyBudget.WindowFloor(-1));
        Assert.Equal(TimeSpan.FromMilliseconds(312.5), LatencyBudget.Total(0, TimeSpan.FromMilliseconds(100)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void No_frame_needs_more_audio_than_the_floor(int offset)
    {
        // Frame i's window is complete once its last column has been emitted by the streaming mel, i.e. after
        // 200·(first + 15) + 400 samples: never more than the floor after the frame's own time (640·i samples).
        // (Frame 0 of the training alignment is the exception: its window is clamped at column 0, as frame 1's.)
        long floor = LatencyBudget.WindowFloor(offset).Ticks * 16000 / TimeSpan.TicksPerSecond;
        long worst = Enumerable.Range(1, 500).Max(i => (200L * (MelWindows.FirstColumn(i, offset) + 15)) + 400 - (640L * i));
        Assert.Equal(floor, worst);
    }
}
