namespace StreamLip.Media.Tests.Outputs;

/// <summary>Domain checks on a stream read back: frames at 25 fps that show the bar moving in step, and the tone.</summary>
internal static class StreamAssert
{
    /// <summary>
    /// At least <paramref name="minFrames"/> frames; 95 % of PTS steps are 40 ms (±1 ms); in 90 % of frames the bar sits
    /// where its PTS says (4 px per frame from the first frame's bar): frames neither repeated nor reordered.
    /// </summary>
    public static void FramesAt25Fps(IReadOnlyList<(ulong PtsNs, int BarX)> frames, int minFrames)
    {
        Assert.True(frames.Count >= minFrames, $"{frames.Count} frames decoded, expected at least {minFrames}");
        int steps = 0;
        int onTime = 0;
        var off = new List<string>();
        for (int i = 1; i < frames.Count; i++)
        {
            steps++;
            double ms = (frames[i].PtsNs - (double)frames[i - 1].PtsNs) / 1e6;
            if (Math.Abs(ms - 40) <= 1)
            {
                onTime++;
            }
            else if (off.Count < 12)
            {
                off.Add($"#{i}: {ms:0.###} ms");
            }
        }

        Assert.True(onTime >= 0.95 * steps, $"{onTime} of {steps} PTS steps are 40 ms; others: {string.Join(", ", off)}");

        int width = OutputFeed.Width - 16;
        int inPlace = 0;
        var misplaced = new List<string>();
        foreach (var (pts, bar) in frames)
        {
            long index = (long)Math.Round((pts - (double)frames[0].PtsNs) / 40e6);
            int expected = (int)((frames[0].BarX + (4 * index)) % width);
            if (Math.Abs(bar - expected) <= 2)
            {
                inPlace++;
            }
            else if (misplaced.Count < 12)
            {
                misplaced.Add($"#{index}: {bar} not {expected}");
            }
        }

        Assert.True(inPlace >= 0.9 * frames.Count, $"the bar is where its PTS puts it in {inPlace} of {frames.Count} frames; others: {string.Join(", ", misplaced)}");
    }

    /// <summary>At least <paramref name="minSeconds"/> of the 440 Hz tone.</summary>
    public static void TonePresent(float[] audio, int sampleRate, double minSeconds)
    {
        Assert.True(audio.Length >= minSeconds * sampleRate, $"{audio.Length / (double)sampleRate:0.00} s of audio decoded, expected at least {minSeconds} s");
        double rms = Signals.Rms(audio.AsSpan(audio.Length / 4));
        Assert.InRange(rms, 0.2, 0.6); // a 0.5-amplitude sine has RMS 0.354
        Assert.InRange(Signals.FrequencyByZeroCrossings(audio, sampleRate, skip: audio.Length / 4), OutputFeed.ToneHz - 5, OutputFeed.ToneHz + 5);
    }
}
