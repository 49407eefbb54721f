using StreamLip.Realtime.Speech;

namespace StreamLip.Core.Tests.Realtime.Speech;

public sealed class SampleQueueTests
{
    [Fact]
    public void Samples_come_out_in_order_across_the_ring_s_wrap_at_any_capacity()
    {
        var queue = new SampleQueue();
        float next = 0f;
        float expected = 0f;
        var random = new Random(3);
        float[] chunk = new float[5000];
        for (int round = 0; round < 400; round++)
        {
            int write = random.Next(0, 3000);
            for (int i = 0; i < write; i++)
            {
                chunk[i] = next++;
            }

            queue.Write(chunk.AsSpan(0, write));
            int read = queue.Read(chunk.AsSpan(0, random.Next(0, 3000)));
            for (int i = 0; i < read; i++)
            {
                Assert.Equal(expected++, chunk[i]);
            }
        }

        Assert.Equal(next - expected, queue.Count);
    }

    [Fact]
    public void A_whole_utterance_takes_a_ring_of_exactly_its_length_and_gives_it_back_once_played()
    {
        var queue = new SampleQueue();
        float[] utterance = new float[16000 * 590]; // 590 s: a power-of-two ring would be 16.8 M samples (67 MB), not 9.44 M

        queue.Write(utterance);

        Assert.Equal(utterance.Length, queue.Capacity);
        float[] frame = new float[320];
        while (queue.Read(frame) > 0)
        {
        }

        Assert.Equal(4096, queue.Capacity);
    }

    [Fact]
    public void A_stream_written_ahead_doubles_the_ring()
    {
        var queue = new SampleQueue();

        queue.Write(new float[3000]);
        queue.Write(new float[3000]);

        Assert.Equal(8192, queue.Capacity);
    }

    [Fact]
    public void More_than_ten_minutes_waiting_is_refused_and_what_waits_is_kept()
    {
        var queue = new SampleQueue();
        queue.Write(new float[SampleQueue.MaxSamples - 10]);

        var e = Assert.Throws<InvalidOperationException>(() => queue.Write(new float[11]));

        Assert.Contains("at most 600 s", e.Message, StringComparison.Ordinal);
        Assert.Equal(SampleQueue.MaxSamples - 10, queue.Count);
    }
}
