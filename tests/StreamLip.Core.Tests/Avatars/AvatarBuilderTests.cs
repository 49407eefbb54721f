using System.Diagnostics;
using StreamLip.Avatars;

namespace StreamLip.Core.Tests.Avatars;

public sealed class AvatarBuilderTests : IDisposable
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
    public void A_still_becomes_a_breathing_loop_with_the_model_input_precomputed()
    {
        const int w = 160, h = 120;
        byte[] frame = TestFrames.Gradient(w, h);
        var face = new FaceBox(50, 30, 48, 48);
        TestFrames.Fill(frame, w, face, 10, 200, 30);

        var manifest = AvatarBuilder.Build([new AvatarSourceFrame(frame, [face])], w, h, "still.png", _dir, new AvatarBuildOptions { FaceSize = 32, StillFrames = 10, IdleDrift = 0.02 });

        Assert.Equal("image", manifest.Kind);
        Assert.Equal(10, manifest.FrameCount);
        using var avatar = Avatar.Load(_dir);
        Assert.Equal(32, avatar.FaceSize);

        // Pads: bottom 10 by default.
        Assert.Equal(new FaceBox(50, 30, 48, 58), avatar.Box(0));
        // The first frame is the still itself; later frames move a little, and the box moves with them.
        Assert.True(avatar.Frame(0).SequenceEqual(frame));
        Assert.False(avatar.Frame(9).SequenceEqual(frame));
        Assert.True(avatar.Box(9).Y < avatar.Box(0).Y, "the head rises as the avatar breathes in");
        Assert.InRange(avatar.Box(0).Y - avatar.Box(9).Y, 1, 6);

        // Model input: reference crop of the flat green face (BGR in [0, 1]); the masked copy has its lower half zeroed.
        var input = avatar.FaceInput(0);
        int plane = 32 * 32;
        Assert.Equal(10 / 255f, input[(3 * plane) + (8 * 32) + 16], 3);
        Assert.Equal(200 / 255f, input[(4 * plane) + (8 * 32) + 16], 3);
        Assert.Equal(input[(4 * plane) + (8 * 32) + 16], input[plane + (8 * 32) + 16]);
        Assert.Equal(0f, input[plane + (20 * 32) + 16]);
        Assert.NotEqual(0f, input[(4 * plane) + (20 * 32) + 16]);
    }

    [Fact]
    public void A_video_keeps_its_frames_and_smooths_its_boxes()
    {
        const int w = 96, h = 96;
        var frames = Enumerable.Range(0, 12).Select(i =>
        {
            byte[] f = TestFrames.Gradient(w, h, i);
            return new AvatarSourceFrame(f, [new FaceBox(20 + (i % 2 == 0 ? 3 : -3), 20, 40, 40), new FaceBox(0, 0, 10, 10)]);
        }).ToList();

        var manifest = AvatarBuilder.Build(frames, w, h, "clip.mp4", _dir, new AvatarBuildOptions { FaceSize = 24 });

        Assert.Equal("video", manifest.Kind);
        using var avatar = Avatar.Load(_dir);
        Assert.Equal(12, avatar.FrameCount);
        Assert.True(avatar.Frame(5).SequenceEqual(frames[5].Bgrx));
        // The largest face wins, and the ±3 px jitter is averaged away.
        Assert.All(Enumerable.Range(0, 12), i => Assert.InRange(avatar.Box(i).X, 19, 21));
        Assert.All(Enumerable.Range(0, 12), i => Assert.Equal(50, avatar.Box(i).Height));
    }

    [Fact]
    public void Odd_sides_get_their_last_column_and_row_repeated_so_every_encoder_takes_the_avatar()
    {
        // A 307×75 source (a photo scaled by 0.6 ends up so); x264, VP8 and I420 need even sides.
        const int w = 307, h = 75;
        var frames = Enumerable.Range(0, 3).Select(i => new AvatarSourceFrame(TestFrames.Gradient(w, h, i), [new FaceBox(100, 10, 40, 40)])).ToList();

        var manifest = AvatarBuilder.Build(frames, w, h, "clip.mp4", _dir, new AvatarBuildOptions { FaceSize = 16 });

        Assert.Equal((308, 76), (manifest.Width, manifest.Height));
        using var avatar = Avatar.Load(_dir);
        var frame = avatar.Frame(2);
        byte[] source = frames[2].Bgrx;
        for (int y = 0; y < 76; y++)
        {
            int sy = Math.Min(y, h - 1);
            Assert.True(frame.Slice(y * 308 * 4, w * 4).SequenceEqual(source.AsSpan(sy * w * 4, w * 4)), $"row {y}");
            Assert.True(frame.Slice(((y * 308) + 307) * 4, 4).SequenceEqual(source.AsSpan(((sy * w) + w - 1) * 4, 4)), $"last column of row {y}");
        }

        Assert.Equal(100, avatar.Box(2).X);
    }

    [Fact]
    public void Short_gaps_are_filled_and_reported()
    {
        // Frames 3-5 and 8 have no face; the face moves 2 px right per frame.
        var frames = Enumerable.Range(0, 10).Select(i => new AvatarSourceFrame(TestFrames.Gradient(64, 32), i is 3 or 4 or 5 or 8 ? [] : [new FaceBox(4 + (2 * i), 4, 20, 20)])).ToList();

        var manifest = AvatarBuilder.Build(frames, 64, 32, "clip.mp4", _dir, new AvatarBuildOptions { FaceSize = 16, SmoothingFrames = 1, PadBottom = 0 });

        Assert.Equal(10, manifest.FrameCount);
        Assert.Equal(10, manifest.SourceFrameCount);
        Assert.Equal(["frames 3–5 (interpolated)", "frame 8 (interpolated)"], manifest.FacelessFrames.Select(s => s.ToString()));
        using var avatar = Avatar.Load(_dir);
        // Interpolated between frames 2 and 6 (x 8 and 16): 10, 12, 14; frame 8 between 7 and 9.
        Assert.Equal([10, 12, 14], new[] { avatar.Box(3).X, avatar.Box(4).X, avatar.Box(5).X });
        Assert.Equal(20, avatar.Box(8).X);
    }

    [Fact]
    public void A_gap_at_either_end_holds_the_nearest_face()
    {
        var frames = Enumerable.Range(0, 8).Select(i => new AvatarSourceFrame(TestFrames.Gradient(64, 32), i is 0 or 1 or 7 ? [] : [new FaceBox(4 + i, 4, 20, 20)])).ToList();

        var manifest = AvatarBuilder.Build(frames, 64, 32, "clip.mp4", _dir, new AvatarBuildOptions { FaceSize = 16, SmoothingFrames = 1, PadBottom = 0 });

        Assert.Equal(["frames 0–1 (held)", "frame 7 (held)"], manifest.FacelessFrames.Select(s => s.ToString()));
        using var avatar = Avatar.Load(_dir);
        Assert.Equal([6, 6, 6], new[] { avatar.Box(0).X, avatar.Box(1).X, avatar.Box(2).X });
        Assert.Equal(10, avatar.Box(7).X);
    }

    [Fact]
    public void A_stretch_longer_than_the_limit_is_refused_by_name_or_trimmed()
    {
        // 30 frames at 10 fps with MaxGapSeconds 0.5: gaps of up to 5 frames are filled; frames 10-15 (6) are not.
        var frames = Enumerable.Range(0, 30).Select(i => new AvatarSourceFrame(TestFrames.Gradient(64, 32, i), i is (>= 10 and <= 15) or 20 ? [] : [new FaceBox(4, 4, 20, 20)])).ToList();
        var options = new AvatarBuildOptions { FaceSize = 16, MaxGapSeconds = 0.5, SourceFps = 10 };

        var e = Assert.Throws<FacelessFramesException>(() => AvatarBuilder.Build(frames, 64, 32, "clip.mp4", _dir, options));

        Assert.Contains("No face found in 6 of 30 frames of clip.mp4", e.Message, StringComparison.Ordinal);
        Assert.Contains("frames 10–15 (6 frames, 0.6 s)", e.Message, StringComparison.Ordinal);
        Assert.Contains("up to 5 frames (0.5 s)", e.Message, StringComparison.Ordinal);
        Assert.Contains("--trim-faceless", e.Message, StringComparison.Ordinal);
        Assert.Equal((10, 15), (e.Stretches.Single().First, e.Stretches.Single().Last));
        Assert.False(Directory.Exists(_dir), "nothing is written when the build fails");

        options.TrimFaceless = true;
        var manifest = AvatarBuilder.Build(frames, 64, 32, "clip.mp4", _dir, options);

        Assert.Equal(24, manifest.FrameCount);
        Assert.Equal(["frames 10–15 (trimmed)", "frame 20 (interpolated)"], manifest.FacelessFrames.Select(s => s.ToString()));
        using var avatar = Avatar.Load(_dir);
        // Cache frame 10 is source frame 16: the frames after the cut moved up.
        Assert.True(avatar.Frame(10).SequenceEqual(frames[16].Bgrx));
        Assert.True(avatar.Frame(9).SequenceEqual(frames[9].Bgrx));
    }

    [Fact]
    public void A_video_without_any_face_says_so()
    {
        var frames = Enumerable.Range(0, 4).Select(_ => new AvatarSourceFrame(TestFrames.Gradient(32, 32), [])).ToList();

        var e = Assert.Throws<AvatarException>(() => AvatarBuilder.Build(frames, 32, 32, "wall.mp4", _dir, new AvatarBuildOptions { TrimFaceless = true }));

        Assert.Contains("No face found in any of the 4 frames of wall.mp4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Landmarks_frame_the_box_are_smoothed_without_lag_and_are_kept()
    {
        // A face moving 3 px right per frame, its landmarks jittering ±1 px: the smoothed box follows the motion exactly.
        var shape = TestFaces.UprightLandmarks(new System.Numerics.Vector2(30, 30), 10);
        var frames = Enumerable.Range(0, 12).Select(i => new AvatarSourceFrame(
            TestFrames.Gradient(128, 96),
            [new FaceBox(0, 0, 1, 1)],
            [.. shape.Select(p => p + new System.Numerics.Vector2((3 * i) + (i % 2 == 0 ? 1 : -1), 0))])).ToList();

        var manifest = AvatarBuilder.Build(frames, 128, 96, "clip.mp4", _dir, new AvatarBuildOptions { FaceSize = 16, PadBottom = 0 });

        Assert.Equal(68, manifest.LandmarkCount);
        using var avatar = Avatar.Load(_dir);
        Assert.True(avatar.HasLandmarks);
        var expected = FaceFraming.Haar.FromLandmarks([.. shape]);
        for (int k = 2; k < 10; k++)
        {
            // Centred 5-frame mean: the ±1 jitter averages to ±0.2, the motion to exactly 3k.
            Assert.InRange(avatar.Box(k).X - (expected.X + (3 * k)), -1, 1);
            Assert.InRange(avatar.Landmarks(k)[30].X - (shape[30].X + (3 * k)), -0.21f, 0.21f);
        }

        Assert.Equal(expected.Width, avatar.Box(5).Width);
    }

    [Fact]
    public void An_avatar_with_landmarks_is_framed_again_for_a_model_that_wants_another_framing()
    {
        // A face drifting right, built once with the built-in model's framing and once with Wav2Lip's.
        var shape = TestFaces.UprightLandmarks(new System.Numerics.Vector2(40, 36), 14);
        var frames = Enumerable.Range(0, 8).Select(i => new AvatarSourceFrame(
            TestFrames.Gradient(128, 96, i),
            [new FaceBox(0, 0, 1, 1)],
            [.. shape.Select(p => p + new System.Numerics.Vector2(2 * i, 0))])).ToList();
        string wav2lipDir = _dir + "-wav2lip";
        try
        {
            var haar = AvatarBuilder.Build(frames, 128, 96, "clip.mp4", _dir, new AvatarBuildOptions { FaceSize = 16, PadBottom = 4 });
            var wav2lip = AvatarBuilder.Build(frames, 128, 96, "clip.mp4", wav2lipDir, new AvatarBuildOptions { FaceSize = 16, PadBottom = 4, Framing = FaceFraming.Wav2Lip });
            Assert.Equal("haar", haar.Framing);
            Assert.Equal("wav2lip", wav2lip.Framing);
            Assert.Equal([0, 4, 0, 0], haar.Pads!);
            Assert.NotEqual(haar.Boxes[3], wav2lip.Boxes[3]);

            using var asCached = Avatar.Load(_dir);
            using var reframed = Avatar.Load(_dir, framing: FaceFraming.Wav2Lip);
            using var built = Avatar.Load(wav2lipDir);

            Assert.Equal("haar", asCached.Framing);
            Assert.False(asCached.Reframed);
            Assert.Equal("wav2lip", reframed.Framing);
            Assert.True(reframed.Reframed);
            Assert.Null(reframed.FramingMismatch);
            for (int k = 0; k < reframed.FrameCount; k++)
            {
                // The same boxes (pads included) and the same model input as a build with that framing.
                Assert.Equal(built.Box(k), reframed.Box(k));
                Assert.True(built.FaceInput(k).SequenceEqual(reframed.FaceInput(k)), $"frame {k}: the crop cut again in memory differs from the built one");
            }
        }
        finally
        {
            if (Directory.Exists(wav2lipDir))
            {
                Directory.Delete(wav2lipDir, recursive: true);
            }
        }
    }

    [Fact]
    public void Detector_boxes_without_landmarks_stay_as_they_are_and_the_mismatch_is_named()
    {
        var f = new AvatarSourceFrame(TestFrames.Gradient(64, 64), [new FaceBox(10, 10, 30, 30)]);
        var manifest = AvatarBuilder.Build([f], 64, 64, "a.png", _dir, new AvatarBuildOptions { FaceSize = 16, StillFrames = 2 });
        Assert.Equal("detector", manifest.Framing);

        using var avatar = Avatar.Load(_dir, framing: FaceFraming.Wav2Lip);

        Assert.False(avatar.Reframed);
        Assert.Equal("detector", avatar.Framing);
        Assert.Equal(new FaceBox(10, 10, 30, 40), avatar.Box(0));
        Assert.Contains("was framed 'detector' and has no landmarks to frame it 'wav2lip'", avatar.FramingMismatch, StringComparison.Ordinal);
        using var same = Avatar.Load(_dir, framing: null);
        Assert.Null(same.FramingMismatch);
    }

    [Fact]
    public void Crop_landmarks_are_the_points_in_the_pixels_of_the_models_crop_and_go_into_the_batch()
    {
        var shape = TestFaces.UprightLandmarks(new System.Numerics.Vector2(40, 36), 14);
        var f = new AvatarSourceFrame(TestFrames.Gradient(128, 96), [new FaceBox(0, 0, 1, 1)], [.. shape]);
        AvatarBuilder.Build([f], 128, 96, "a.png", _dir, new AvatarBuildOptions { FaceSize = 16, StillFrames = 1 });
        using var avatar = Avatar.Load(_dir, faceSize: 32);
        var box = avatar.Box(0);

        var points = avatar.CropLandmarks(0);

        Assert.Equal(136, points.Length);
        for (int i = 0; i < 68; i++)
        {
            // dlib's pixel i has its centre at i; the crop's pixel k spans [k, k + 1]: x' = (x + 0.5 - box.X) * S / box.Width.
            Assert.Equal((avatar.Landmarks(0)[i].X + 0.5f - box.X) * 32f / box.Width, points[2 * i], 4);
            Assert.Equal((avatar.Landmarks(0)[i].Y + 0.5f - box.Y) * 32f / box.Height, points[(2 * i) + 1], 4);
        }

        float[] face = new float[6 * 32 * 32];
        float[] slot = new float[136];
        avatar.CopyModelInput(0, face, slot);
        Assert.True(slot.AsSpan().SequenceEqual(points));
        Assert.True(face.AsSpan().SequenceEqual(avatar.FaceInput(0)));
        avatar.CheckInputsFor(ModelInfo(takesLandmarks: true)); // has them: no error
    }

    [Fact]
    public void A_model_that_takes_landmarks_refuses_an_avatar_without_them_saying_how_to_rebuild_it()
    {
        var f = new AvatarSourceFrame(TestFrames.Gradient(64, 64), [new FaceBox(10, 10, 30, 30)]);
        AvatarBuilder.Build([f], 64, 64, "a.png", _dir, new AvatarBuildOptions { FaceSize = 16, StillFrames = 1 });
        using var avatar = Avatar.Load(_dir);

        avatar.CheckInputsFor(ModelInfo(takesLandmarks: false));
        var e = Assert.Throws<AvatarException>(() => avatar.CheckInputsFor(ModelInfo(takesLandmarks: true)));

        Assert.Contains("takes the face's 68 landmarks", e.Message, StringComparison.Ordinal);
        Assert.Contains("./streamlip avatar build", e.Message, StringComparison.Ordinal);
        Assert.True(avatar.CropLandmarks(0).IsEmpty);
        Assert.Throws<InvalidOperationException>(() => avatar.CopyModelInput(0, new float[6 * 16 * 16], new float[136]));
    }

    private static StreamLip.Inference.LipSyncModelInfo ModelInfo(bool takesLandmarks) =>
        new("mel", "face", "output", 16, 1, null, "CPU", new Dictionary<string, string>()) { LandmarksInputName = takesLandmarks ? "landmarks" : null };

    [Fact]
    public void A_still_without_a_face_says_so()
    {
        var e = Assert.Throws<AvatarException>(() => AvatarBuilder.Build([new AvatarSourceFrame(TestFrames.Gradient(32, 32), [])], 32, 32, "wall.png", _dir));
        Assert.Contains("No face found in wall.png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rebuild_replaces_the_old_avatar_and_leaves_no_staging_behind()
    {
        var f = new AvatarSourceFrame(TestFrames.Gradient(64, 64), [new FaceBox(10, 10, 30, 30)]);
        AvatarBuilder.Build([f], 64, 64, "a.png", _dir, new AvatarBuildOptions { FaceSize = 16, StillFrames = 3 });
        AvatarBuilder.Build([f], 64, 64, "a.png", _dir, new AvatarBuildOptions { FaceSize = 16, StillFrames = 5 });

        using var avatar = Avatar.Load(_dir);
        Assert.Equal(5, avatar.FrameCount);
        var siblings = Directory.GetDirectories(Path.GetDirectoryName(_dir)!)
            .Where(d => Path.GetFileName(d).StartsWith(Path.GetFileName(_dir) + ".", StringComparison.Ordinal));
        Assert.Empty(siblings);
    }

    [Fact]
    public void Boxes_are_clipped_to_the_frame()
    {
        var f = new AvatarSourceFrame(TestFrames.Gradient(64, 64), [new FaceBox(40, 40, 30, 30)]);
        AvatarBuilder.Build([f], 64, 64, "edge.png", _dir, new AvatarBuildOptions { FaceSize = 16, StillFrames = 1 });
        using var avatar = Avatar.Load(_dir);
        Assert.Equal(new FaceBox(40, 40, 24, 24), avatar.Box(0));
    }

    [Fact]
    public void Loading_a_large_avatar_takes_well_under_a_second()
    {
        // 100 frames of 1280×720: 369 MB of pixels, memory-mapped rather than read.
        const int w = 1280, h = 720;
        var frames = Enumerable.Range(0, 100).Select(_ => new AvatarSourceFrame(new byte[w * h * 4], [new FaceBox(600, 200, 200, 200)])).ToList();
        AvatarBuilder.Build(frames, w, h, "big.mp4", _dir, new AvatarBuildOptions { FaceSize = 96 });

        var watch = Stopwatch.StartNew();
        using var avatar = Avatar.Load(_dir);
        _ = avatar.Frame(99)[0];
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"loaded in {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void A_model_with_another_face_size_gets_faces_cropped_again()
    {
        var f = new AvatarSourceFrame(TestFrames.Gradient(64, 64), [new FaceBox(10, 10, 30, 30)]);
        AvatarBuilder.Build([f], 64, 64, "a.png", _dir, new AvatarBuildOptions { FaceSize = 16, StillFrames = 2 });
        using var avatar = Avatar.Load(_dir, faceSize: 24);
        Assert.Equal(24, avatar.FaceSize);
        Assert.Equal(6 * 24 * 24, avatar.FaceInput(1).Length);
    }

    [Fact]
    public void Damaged_caches_are_refused_with_advice()
    {
        var f = new AvatarSourceFrame(TestFrames.Gradient(64, 64), [new FaceBox(10, 10, 30, 30)]);
        AvatarBuilder.Build([f], 64, 64, "a.png", _dir, new AvatarBuildOptions { FaceSize = 16, StillFrames = 2 });
        File.WriteAllBytes(Path.Combine(_dir, "frames.bgrx"), new byte[100]);

        var e = Assert.Throws<AvatarException>(() => Avatar.Load(_dir));
        Assert.Contains("Rebuild the avatar", e.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<AvatarException>(() => Avatar.Load(Path.Combine(_dir, "nope")));
        Assert.Contains("./streamlip avatar build", missing.Message, StringComparison.Ordinal);
    }
}
