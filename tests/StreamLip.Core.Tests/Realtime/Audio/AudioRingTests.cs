using StreamLip.Realtime;
using StreamLip.Realtime.Audio;

namespace StreamLip.Core.Tests.Realtime.Audio;

public sealed class AudioRingTests
{
    [Fact]
    public void Reads_return_what_was_written_and_silence_elsewhere()
    {
        var ring = new AudioRing();
        ring.SilenceUntil(1000);
        ring.Append([1f, 2f, 3f]);
        float[] read = new float[6];

        ring.Read(999, read);

        Assert.Equal([0f, 1f, 2f, 3f, 0f, 0f], read);
        Assert.Equal(1003, ring.End);
    }

    [Fact]
    public void Old_samples_are_forgotten_after_four_seconds()
    {
        var ring = new AudioRing();
        ring.Append(Enumerable.Repeat(1f, 70_000).ToArray());
        float[] read = new float[2];

        ring.Read(70_000 - 65_536 - 1, read);

        Assert.Equal([0f, 1f], read);
    }
}
