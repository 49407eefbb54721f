using StreamLip.Avatars;

namespace StreamLip.Core.Tests.Avatars;

public sealed class BoxSmootherTests
{
    [Fact]
    public void Each_box_is_the_mean_of_the_next_five_as_in_Wav2Lip()
    {
        var boxes = Enumerable.Range(0, 8).Select(i => new FaceBox(i * 10, 0, 50, 50)).ToArray();
        var smoothed = BoxSmoother.Smooth(boxes, 5);

        // Wav2Lip: window = boxes[i : i+5] while it fits, else boxes[len-5:].
        Assert.Equal(20, smoothed[0].X);
        Assert.Equal(30, smoothed[1].X);
        Assert.Equal(40, smoothed[2].X);
        Assert.Equal(50, smoothed[3].X);
        Assert.Equal(50, smoothed[4].X);
        Assert.Equal(50, smoothed[7].X);
        Assert.All(smoothed, b => Assert.Equal(50, b.Width));
    }

    [Fact]
    public void A_jittering_box_is_steadied()
    {
        var boxes = Enumerable.Range(0, 50).Select(i => new FaceBox(100 + (i % 2 == 0 ? 4 : -4), 80, 100, 100)).ToArray();
        var smoothed = BoxSmoother.Smooth(boxes, 5);
        int jitterBefore = boxes.Zip(boxes.Skip(1), (a, b) => Math.Abs(a.X - b.X)).Max();
        int jitterAfter = smoothed.Zip(smoothed.Skip(1), (a, b) => Math.Abs(a.X - b.X)).Max();
        Assert.Equal(8, jitterBefore);
        Assert.True(jitterAfter <= 2, $"jitter after smoothing {jitterAfter} px");
    }

    [Fact]
    public void Fewer_boxes_than_the_window_average_all_of_them()
    {
        var smoothed = BoxSmoother.Smooth([new FaceBox(0, 0, 10, 10), new FaceBox(10, 10, 10, 10)], 5);
        Assert.Equal(new FaceBox(5, 5, 10, 10), smoothed[0]);
        Assert.Equal(new FaceBox(5, 5, 10, 10), smoothed[1]);
    }
}
