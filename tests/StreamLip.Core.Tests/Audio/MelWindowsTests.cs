using StreamLip.Audio;

namespace StreamLip.Core.Tests.Audio;

public sealed class MelWindowsTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(19)]
    [InlineData(20)]
    [InlineData(33)]
    [InlineData(80)]
    [InlineData(249)]
    [InlineData(801)]
    public void Reproduces_wav2lip_inference_chunking(int columns)
    {
        // inference.py: mel_idx_multiplier = 80./fps; start = int(i * mult); a window past the end is
        // replaced by the last 16 columns and ends the loop.
        var wav2lip = new List<int>();
        double multiplier = 80.0 / 25;
        for (int i = 0; ; i++)
        {
            int start = (int)(i * multiplier);
            if (start + 16 > columns)
            {
                wav2lip.Add(columns - 16);
                break;
            }

            wav2lip.Add(start);
        }

        for (int i = 0; i < wav2lip.Count; i++)
        {
            Assert.Equal(wav2lip[i], MelWindows.WindowStart(i, columns));
        }

        // Frames past Wav2Lip's last chunk (our render has FrameCount frames) keep the last window.
        Assert.Equal(columns - 16, MelWindows.WindowStart(wav2lip.Count + 5, columns));
    }

    [Fact]
    public void Exact_integer_start_equals_wav2lips_float_arithmetic()
    {
        for (int i = 0; i < 100_000; i++)
        {
            Assert.Equal((int)(i * (80.0 / 25)), MelWindows.FirstColumn(i));
            Assert.Equal((int)(80.0 * (i / 25.0)), MelWindows.FirstColumn(i + 1, alignmentOffsetFrames: -1));
        }
    }

    [Fact]
    public void Training_alignment_takes_the_previous_frames_window()
    {
        // get_segmented_mels: frame f (0-based) → 1-based f + 1 → crop_audio_window(f + 1 − 2) = frame f − 1.
        const int Columns = 500;
        Assert.Equal(0, MelWindows.WindowStart(0, Columns, alignmentOffsetFrames: -1));
        for (int i = 1; i < 200; i++)
        {
            Assert.Equal(MelWindows.WindowStart(i - 1, Columns), MelWindows.WindowStart(i, Columns, alignmentOffsetFrames: -1));
        }

        Assert.Equal(0, MelWindows.FirstColumn(1, alignmentOffsetFrames: -5));
        Assert.Equal(16, MelWindows.FirstColumn(3, alignmentOffsetFrames: 2));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(640, 1)]
    [InlineData(641, 2)]
    [InlineData(16000, 25)]
    [InlineData(49637, 78)]
    [InlineData(16000L * 3600, 90000)]
    public void Frame_count_covers_the_audio(long samples, int frames) =>
        Assert.Equal(frames, MelWindows.FrameCount(samples));

    [Fact]
    public void Other_frame_rates_use_80_columns_per_second()
    {
        Assert.Equal(30, MelWindows.FrameCount(16000, fps: 30));
        Assert.Equal(2, MelWindows.FrameCount(533, fps: 60)); // ceil(1.99875)
        Assert.Equal(3, MelWindows.FrameCount(534, fps: 60)); // ceil(2.0025)
        Assert.Equal(8, MelWindows.FirstColumn(3, fps: 30));   // int(3·80/30) = int(8.0)
        Assert.Equal(18, MelWindows.FirstColumn(7, fps: 30));  // int(18.67)
    }

    [Fact]
    public void Every_rendered_frame_has_a_full_window()
    {
        foreach (int samples in new[] { 3040, 3041, 16000, 49637 })
        {
            int columns = MelSpectrogram.ColumnCount(samples);
            for (int i = 0; i < MelWindows.FrameCount(samples); i++)
            {
                int start = MelWindows.WindowStart(i, columns);
                Assert.InRange(start, 0, columns - 16);
            }
        }
    }

    [Fact]
    public void CopyWindow_writes_band_major_80_by_16()
    {
        var mel = new MelFrames(100);
        float[] bandMajor = new float[80 * 100];
        for (int b = 0; b < 80; b++)
        {
            for (int t = 0; t < 100; t++)
            {
                bandMajor[(b * 100) + t] = (b * 1000) + t;
            }
        }

        mel = MelFrames.FromBandMajor(bandMajor, 100);
        float[] window = new float[MelWindows.WindowLength];
        MelWindows.CopyWindow(mel, 7, window);
        int start = (7 * 16) / 5; // 22
        for (int b = 0; b < 80; b++)
        {
            for (int c = 0; c < 16; c++)
            {
                Assert.Equal((b * 1000) + start + c, window[(b * 16) + c]);
            }
        }

        MelWindows.CopyWindow(mel, 7, window, alignmentOffsetFrames: -1);
        Assert.Equal(19, window[0]); // frame 6 starts at int(6·3.2) = 19
        MelWindows.CopyWindow(mel, 1000, window);
        Assert.Equal(84, window[0]); // clamped to the last 16 columns
        Assert.Equal((79 * 1000) + 99, window[^1]);
    }

    [Fact]
    public void Audio_shorter_than_a_window_is_padded_with_silence()
    {
        float[] samples = GoldenData.Samples("short1234.npy"); // 7 columns
        MelFrames mel = MelSpectrogram.Compute(samples);
        float[] window = new float[MelWindows.WindowLength];
        MelWindows.CopyWindow(mel, 0, window);
        for (int b = 0; b < 80; b++)
        {
            for (int c = 0; c < 16; c++)
            {
                float expected = c < 7 ? mel.Column(c)[b] : -4f;
                Assert.Equal(expected, window[(b * 16) + c]);
            }
        }

        Assert.Equal(0, MelWindows.WindowStart(3, 7));
    }

    [Fact]
    public void CopyWindow_rejects_a_small_destination() =>
        Assert.Throws<ArgumentException>(() => MelWindows.CopyWindow(new MelFrames(20), 0, new float[80 * 15]));
}
