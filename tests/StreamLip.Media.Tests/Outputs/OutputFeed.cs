using System.Diagnostics;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Media.Tests.Outputs;

/// <summary>
/// Plays the session pacer's part: every 40 ms (real time) one BGRx frame with a moving bar and 640 samples of a tone,
/// both at session times that start at <see cref="StartPts"/> (a sink added mid-session).
/// </summary>
internal static class OutputFeed
{
    public const int Width = 320;
    public const int Height = 240;
    public const int Fps = 25;
    public const int SampleRate = 16000;
    public const double ToneHz = 440;
    public const int SamplesPerFrame = SampleRate / Fps;

    /// <summary>The session time of the first frame pushed: well above 0, as for a sink added mid-session.</summary>
    public static readonly TimeSpan StartPts = TimeSpan.FromSeconds(7.36);

    /// <summary>Pushes <paramref name="frames"/> frames in real time; returns how many were pushed before a stop.</summary>
    public static async Task<int> RunAsync(IMediaSink sink, int frames, Func<bool>? stop = null, CancellationToken cancellationToken = default)
    {
        byte[] frame = new byte[Width * Height * 4];
        float[] tone = new float[SamplesPerFrame];
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1000.0 / Fps));
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < frames; i++)
        {
            if (stop?.Invoke() == true)
            {
                return i;
            }

            Draw(frame, i);
            for (int s = 0; s < tone.Length; s++)
            {
                long n = ((long)i * SamplesPerFrame) + s;
                tone[s] = 0.5f * MathF.Sin((float)(2 * Math.PI * ToneHz * n / SampleRate));
            }

            TimeSpan pts = StartPts + TimeSpan.FromTicks(i * TimeSpan.TicksPerSecond / Fps);
            sink.PushVideoFrame(frame, pts);
            sink.PushAudio(tone, SampleRate, pts);
            await timer.WaitForNextTickAsync(cancellationToken);
        }

        return frames;
    }

    /// <summary>Grey background, a white 16-px vertical bar at x = 4·i mod width (the motion a decoder must show).</summary>
    public static void Draw(byte[] bgrx, int i)
    {
        bgrx.AsSpan().Fill(64);
        int x0 = BarX(i);
        for (int y = 0; y < Height; y++)
        {
            bgrx.AsSpan((((y * Width) + x0) * 4), 16 * 4).Fill(255);
        }
    }

    /// <summary>The bar's left edge in frame <paramref name="i"/>.</summary>
    public static int BarX(int i) => (4 * i) % (Width - 16);

    /// <summary>Where the bar is in a decoded BGRx frame: the x of the brightest column (luma of row Height/2).</summary>
    public static int FindBar(ReadOnlySpan<byte> bgrx)
    {
        int row = Height / 2 * Width * 4;
        int best = 0;
        int bestSum = -1;
        for (int x = 0; x + 16 <= Width; x++)
        {
            int sum = 0;
            for (int k = 0; k < 16; k++)
            {
                sum += bgrx[row + ((x + k) * 4) + 1];
            }

            if (sum > bestSum)
            {
                bestSum = sum;
                best = x;
            }
        }

        return best;
    }
}
