using StreamLip.Avatars;

namespace StreamLip.Core.Tests.Avatars;

/// <summary><see cref="AvatarBuilder.Import"/>: known boxes, frames streamed one at a time, nothing half-written.</summary>
public sealed class AvatarImportTests : IDisposable
{
    private const int W = 80, H = 64;

    private readonly string _root = Directory.CreateDirectory(TestFrames.TempDirectory()).FullName;

    private string Output => Path.Combine(_root, "avatar");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Boxes_are_kept_exactly_and_frames_read_once_in_order()
    {
        var boxes = new[] { new FaceBox(10, 5, 30, 41), new FaceBox(11, 6, 29, 40), new FaceBox(0, 0, W, H) };
        var asked = new List<int>();

        var manifest = AvatarBuilder.Import(3, W, H, boxes, Reader(asked), "lt-folder", Output, 24);

        Assert.Equal([0, 1, 2], asked);
        Assert.Equal(("video", 3, 24, "lt-folder"), (manifest.Kind, manifest.FrameCount, manifest.FaceSize, manifest.Source));
        using var avatar = Avatar.Load(Output);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(boxes[k], avatar.Box(k)); // no pads, no smoothing, no clipping
            Assert.True(avatar.Frame(k).SequenceEqual(TestFrames.Gradient(W, H, k)));
        }

        using var recropped = Avatar.Load(Output, 24);
        Assert.True(avatar.FaceInput(1).SequenceEqual(recropped.FaceInput(1)));
    }

    [Theory]
    [InlineData(-1, 0, 10, 10, "the face box of frame 1 (x -1..9, y 0..10) is not inside the 80×64 frame")]
    [InlineData(75, 0, 10, 10, "(x 75..85, y 0..10) is not inside")]
    [InlineData(0, 60, 10, 10, "(x 0..10, y 60..70) is not inside")]
    [InlineData(5, 5, 0, 10, "is not inside")]
    public void A_box_outside_the_frame_is_refused_before_anything_is_read(int x, int y, int w, int h, string message)
    {
        var asked = new List<int>();

        var e = Assert.Throws<AvatarException>(() => AvatarBuilder.Import(2, W, H, [new FaceBox(0, 0, 10, 10), new FaceBox(x, y, w, h)], Reader(asked), "lt", Output, 24));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Empty(asked);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void Box_and_frame_counts_must_agree()
    {
        var e = Assert.Throws<AvatarException>(() => AvatarBuilder.Import(3, W, H, [new FaceBox(0, 0, 10, 10)], Reader([]), "lt", Output, 24));

        Assert.Contains("lt has 3 frames but 1 face boxes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_that_fails_to_read_leaves_the_old_avatar_and_no_staging()
    {
        AvatarBuilder.Import(1, W, H, [new FaceBox(0, 0, 20, 20)], Reader([]), "first", Output, 24);

        Assert.Throws<AvatarException>(() => AvatarBuilder.Import(2, W, H, [new FaceBox(0, 0, 20, 20), new FaceBox(0, 0, 20, 20)], (k, bgrx) =>
        {
            if (k == 1)
            {
                throw new AvatarException("frame 1 is unreadable");
            }

            TestFrames.Gradient(W, H, k).CopyTo(bgrx);
        }, "second", Output, 24));

        using var avatar = Avatar.Load(Output);
        Assert.Equal(("first", 1), (avatar.Manifest.Source, avatar.FrameCount));
        Assert.Equal([Output], Directory.GetDirectories(_root));
    }

    private static AvatarFrameReader Reader(List<int> asked) => (k, bgrx) =>
    {
        asked.Add(k);
        TestFrames.Gradient(W, H, k).CopyTo(bgrx);
    };
}
