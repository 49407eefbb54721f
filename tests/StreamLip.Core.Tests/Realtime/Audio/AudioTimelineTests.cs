using StreamLip.Realtime;
using StreamLip.Realtime.Audio;

namespace StreamLip.Core.Tests.Realtime.Audio;

public sealed class AudioTimelineTests
{
    [Fact]
    public void The_first_chunk_starts_a_segment_on_a_200_ms_boundary_before_it()
    {
        var timeline = new AudioTimeline();

        // 320 samples whose last was heard at sample 10_000: they start at 9_680, the segment at 9_600.
        var p = timeline.Place(10_000, 320);

        Assert.Equal(AudioPlacementAction.NewSegment, p.Action);
        Assert.Equal(9_600, p.Position);
        Assert.Equal(80, p.Silence);
    }

    [Fact]
    public void Chunks_on_time_or_a_little_late_are_appended_without_silence()
    {
        var timeline = new AudioTimeline();
        timeline.StartSegment(0);
        timeline.Advance(320);

        Assert.Equal(new AudioPlacement(AudioPlacementAction.Append, 320, 0), timeline.Place(640, 320));
        // 290 ms late is jitter (or a stalled thread whose burst follows), not a gap.
        Assert.Equal(new AudioPlacement(AudioPlacementAction.Append, 320, 0), timeline.Place(640 + 4640, 320));
    }

    [Fact]
    public void A_short_gap_is_filled_with_silence_and_a_long_one_starts_a_new_segment()
    {
        var timeline = new AudioTimeline();
        timeline.StartSegment(0);
        timeline.Advance(320);

        var fill = timeline.Place(320 + 6000 + 320, 320);
        Assert.Equal(AudioPlacementAction.Append, fill.Action);
        Assert.Equal(6000, fill.Silence);

        var reset = timeline.Place(320 + 20_000 + 320, 320);
        Assert.Equal(AudioPlacementAction.NewSegment, reset.Action);
        Assert.Equal(0, reset.Position % AudioTimeline.SegmentAlignment);
        Assert.Equal(320 + 20_000, reset.Position + reset.Silence);
    }

    [Fact]
    public void A_stream_running_ahead_of_the_clock_is_dropped()
    {
        var timeline = new AudioTimeline();
        timeline.StartSegment(0);
        timeline.Advance(10_000);

        Assert.Equal(AudioPlacementAction.Append, timeline.Place(6_000, 320).Action);
        Assert.Equal(AudioPlacementAction.Drop, timeline.Place(5_999, 320).Action);
    }

    [Fact]
    public void A_steady_lag_behind_the_clock_is_made_up_with_silence_in_the_next_pause()
    {
        var timeline = new AudioTimeline();
        timeline.StartSegment(0);
        timeline.Advance(320);

        // A second of 20 ms chunks that each arrive 95 ms (1520 samples) after the timeline says they should.
        for (int i = 0; i < 50; i++)
        {
            var p = timeline.Place(timeline.End + 320 + 1520, 320, quiet: false);
            Assert.Equal(new AudioPlacement(AudioPlacementAction.Append, timeline.End, 0), p);
            timeline.Advance(320);
        }

        // Speech is never touched; the first quiet chunk takes the 95 ms of silence in front of it, once.
        Assert.Equal(0, timeline.Place(timeline.End + 320 + 1520, 320, quiet: false).Silence);
        timeline.Advance(320);
        Assert.Equal(1520, timeline.Place(timeline.End + 320 + 1520, 320, quiet: true).Silence);
        timeline.Advance(1520 + 320);
        Assert.Equal(0, timeline.Place(timeline.End + 320, 320, quiet: true).Silence);
    }

    [Fact]
    public void A_steady_lead_over_the_clock_is_shed_by_dropping_quiet_chunks()
    {
        var timeline = new AudioTimeline();
        timeline.StartSegment(0);
        timeline.Advance(320 + 1600);

        // Every chunk arrives 100 ms (1600 samples) before its place on the timeline.
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(AudioPlacementAction.Append, timeline.Place(timeline.End + 320 - 1600, 320).Action);
            timeline.Advance(320);
        }

        int drops = 0;
        for (int i = 0; i < 10; i++)
        {
            var p = timeline.Place(timeline.End + 320 - 1600 + (drops * 320), 320, quiet: true);
            if (p.Action == AudioPlacementAction.Shed)
            {
                drops++;
            }
            else
            {
                timeline.Advance(320);
            }
        }

        Assert.Equal(5, drops); // 5 × 20 ms = the 100 ms lead
    }
}
