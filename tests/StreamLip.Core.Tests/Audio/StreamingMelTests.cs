using StreamLip.Audio;
using StreamLip.Tests.Shared.Allocations;
using Xunit.Abstractions;

namespace StreamLip.Core.Tests.Audio;

public sealed class StreamingMelTests(ITestOutputHelper output)
{
    public static TheoryData<int> ChunkSizes => [1, 7, 320, 4000, 100_000];

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Streamed_columns_are_bit_identical_to_the_whole_file(int chunk)
    {
        float[] samples = GoldenData.Samples("signal.npy");
        MelFrames whole = MelSpectrogram.Compute(samples);

        ReadOnlySpan<float> streamed = Stream(samples, chunk, out StreamingMel mel);

        Assert.Equal(samples.Length, mel.SamplesConsumed);
        Assert.Equal(whole.Columns, mel.ColumnsEmitted);
        Assert.True(whole.Data.SequenceEqual(streamed), "streamed columns differ from the whole-file ones");

        (double maxError, _) = MelSpectrogramTests.MaxAbsError(GoldenData.Mel("signal_mel.npy").Data, streamed);
        output.WriteLine($"chunk {chunk}: max |streamed − numpy| = {maxError:E3}");
        Assert.True(maxError <= 1e-4);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(150)]
    [InlineData(300)]
    [InlineData(399)]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(402)]
    [InlineData(599)]
    [InlineData(600)]
    [InlineData(601)]
    [InlineData(800)]
    [InlineData(1234)]
    [InlineData(2000)]
    [InlineData(2001)]
    public void Short_and_boundary_lengths_match_the_whole_file(int length)
    {
        float[] samples = GoldenData.Samples("signal.npy").AsSpan(8000, length).ToArray();
        MelFrames whole = MelSpectrogram.Compute(samples);
        foreach (int chunk in new[] { 1, 7, 320, 4000 })
        {
            ReadOnlySpan<float> streamed = Stream(samples, chunk, out StreamingMel mel);
            Assert.Equal(whole.Columns, mel.ColumnsEmitted);
            Assert.True(whole.Data.SequenceEqual(streamed), $"length {length}, chunk {chunk}");
        }
    }

    [Fact]
    public void Each_column_comes_out_as_soon_as_its_last_sample_arrives()
    {
        float[] samples = GoldenData.Samples("signal.npy").AsSpan(0, 5123).ToArray();
        var mel = new StreamingMel();
        var sink = new ColumnCollector(MelSpectrogram.ColumnCount(samples.Length), mel);
        for (int i = 0; i < samples.Length; i++)
        {
            mel.Push(samples.AsSpan(i, 1), sink);
        }

        int beforeFlush = sink.Count;
        mel.Flush(sink);

        // Column t needs samples up to 200·t + 399, and column 0 also sample 400 (its mirrored left half).
        for (int t = 0; t < beforeFlush; t++)
        {
            Assert.Equal(Math.Max(401, (200 * t) + 400), sink.SamplesAtEmission[t]);
        }

        // Only the columns whose window reaches past the end wait for Flush: 5123 samples → 25 + 1 columns,
        // column 23 needs up to 4999 (ready), 24 needs 5199 (not).
        Assert.Equal(24, beforeFlush);
        Assert.Equal(26, sink.Count);
        Assert.Equal(26, mel.ColumnsEmitted);
    }

    [Fact]
    public void Streaming_allocates_nothing_per_column()
    {
        float[] samples = new float[160_000];
        var random = new Random(5);
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(random.NextDouble() - 0.5);
        }

        var mel = new StreamingMel();
        var sink = new ColumnCollector(MelSpectrogram.ColumnCount(samples.Length));
        mel.Push(samples.AsSpan(0, 2880), sink); // warm up (JIT, static tables)

        // The rest in 20 ms pushes: SteadyState's warm-up push, then 5 windows of 98 (the runtime's one-off
        // allocations on this thread, tiered JIT's, show in one window only; 1768 B seen once in a fresh clone).
        int offset = 2880;
        SteadyState.AssertAllocatesNothing(
            () =>
            {
                mel.Push(samples.AsSpan(offset, 320), sink);
                offset += 320;
            },
            callsPerWindow: 98);
        Assert.Equal(samples.Length, offset);
        mel.Flush(sink);

        Assert.Equal(801, sink.Count);
    }

    [Fact]
    public void Flush_ends_the_stream_and_Reset_starts_a_new_one()
    {
        float[] samples = GoldenData.Samples("short1234.npy");
        var mel = new StreamingMel();
        var first = new ColumnCollector(7);
        mel.Push(samples, first);
        Assert.Equal(2, mel.Flush(first)); // 1234 samples: columns 0–4 ready (≤ 1199), 5 and 6 wait for the end
        Assert.True(mel.IsFlushed);
        Assert.Throws<InvalidOperationException>(() => mel.Push(samples, first));
        Assert.Throws<InvalidOperationException>(() => mel.Flush(first));

        mel.Reset();
        Assert.Equal(0, mel.SamplesConsumed);
        Assert.Equal(0, mel.ColumnsEmitted);
        var second = new ColumnCollector(7);
        mel.Push(samples, second);
        mel.Flush(second);
        Assert.True(first.Data.SequenceEqual(second.Data));
        Assert.True(MelSpectrogram.Compute(samples).Data.SequenceEqual(second.Data));
    }

    [Fact]
    public void A_throwing_sink_leaves_the_rest_of_the_chunk_unconsumed_and_the_stream_usable()
    {
        float[] samples = GoldenData.Samples("short1234.npy");
        var mel = new StreamingMel();
        var sink = new ColumnCollector(7) { ThrowAtColumn = 1 };
        Assert.Throws<InvalidOperationException>(() => mel.Push(samples, sink));
        Assert.Equal(600, mel.SamplesConsumed); // column 1 completes at sample 600

        sink.ThrowAtColumn = null;
        mel.Push(samples.AsSpan((int)mel.SamplesConsumed), sink);
        mel.Flush(sink);
        Assert.True(MelSpectrogram.Compute(samples).Data.SequenceEqual(sink.Data));
    }

    private static ReadOnlySpan<float> Stream(float[] samples, int chunk, out StreamingMel mel)
    {
        mel = new StreamingMel();
        var sink = new ColumnCollector(MelSpectrogram.ColumnCount(samples.Length));
        int pushed = 0;
        for (int offset = 0; offset < samples.Length; offset += chunk)
        {
            int n = Math.Min(chunk, samples.Length - offset);
            pushed += mel.Push(samples.AsSpan(offset, n), sink);
            Assert.Equal(pushed, mel.ColumnsEmitted);
        }

        mel.Flush(sink);
        Assert.Equal(mel.ColumnsEmitted, sink.Count);
        return sink.Data;
    }
}
