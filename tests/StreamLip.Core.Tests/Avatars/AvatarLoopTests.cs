using StreamLip.Avatars;

namespace StreamLip.Core.Tests.Avatars;

public sealed class AvatarLoopTests : IDisposable
{
    private readonly string _dir = TestFrames.TempDirectory();

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void The_loop_goes_forwards_then_backwards_without_a_jump()
    {
        var f = new AvatarSourceFrame(TestFrames.Gradient(32, 32), [new FaceBox(4, 4, 20, 20)]);
        AvatarBuilder.Build([f], 32, 32, "a.png", _dir, new AvatarBuildOptions { FaceSize = 16, StillFrames = 4 });
        using var avatar = Avatar.Load(_dir);

        int[] sequence = Enumerable.Range(0, 10).Select(k => avatar.LoopIndex(k)).ToArray();

        Assert.Equal([0, 1, 2, 3, 2, 1, 0, 1, 2, 3], sequence);
    }

    [Fact]
    public void Idle_motion_is_smooth_at_the_turns()
    {
        // The phase's step shrinks towards both ends, so reversing direction shows no kink.
        double[] steps = Enumerable.Range(0, 49).Select(k => IdleMotion.Phase(k + 1, 50) - IdleMotion.Phase(k, 50)).ToArray();
        Assert.True(steps[0] < steps[24] / 10);
        Assert.True(steps[^1] < steps[24] / 10);
        Assert.Equal(0, IdleMotion.Phase(0, 50));
        Assert.Equal(1, IdleMotion.Phase(49, 50), 12);
    }

    [Fact]
    public void Neighbouring_frames_with_the_same_pixels_are_the_same_picture_and_other_pairs_are_not()
    {
        // A video whose frames 1 and 2 are one picture twice (a 12.5 fps source at 25 fps), frame 3 another.
        const int w = 32, h = 32;
        byte[][] pictures = [TestFrames.Gradient(w, h, 1), TestFrames.Gradient(w, h, 2), TestFrames.Gradient(w, h, 2), TestFrames.Gradient(w, h, 3)];
        var frames = pictures.Select(p => new AvatarSourceFrame(p, [new FaceBox(4, 4, 20, 20)])).ToList();
        AvatarBuilder.Build(frames, w, h, "clip.mp4", _dir, new AvatarBuildOptions { FaceSize = 16 });
        using var avatar = Avatar.Load(_dir);

        Assert.True(avatar.SamePicture(1, 2));
        Assert.True(avatar.SamePicture(2, 1));
        Assert.True(avatar.SamePicture(3, 3));
        Assert.False(avatar.SamePicture(0, 1));
        Assert.False(avatar.SamePicture(2, 3));
        Assert.False(avatar.SamePicture(1, 3)); // not neighbours: never compared
        Assert.True(avatar.SamePicture(1, 2)); // asked again: the kept answer
        Assert.Throws<ArgumentOutOfRangeException>(() => avatar.SamePicture(0, 4));
    }
}
