using StreamLip.Audio;
using StreamLip.Realtime;
using StreamLip.Realtime.Audio;

namespace StreamLip.Core.Tests.Realtime.Audio;

public sealed class MelWindowAssemblerTests
{
    private sealed class Collect(MelWindowAssembler assembler, List<(int Frame, float[] Window, bool Silent, int Columns)> windows) : IMelColumnSink
    {
        public void OnColumn(int index, ReadOnlySpan<float> column)
        {
            assembler.Add(index, column);
            while (assembler.TryTake(out int frame, out var window, out bool silent))
            {
                windows.Add((frame, window.ToArray(), silent, index + 1));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Streamed_windows_equal_the_offline_windows_and_come_as_soon_as_complete(int offset)
    {
        float[] signal = Signals.Concat(Signals.Silence(0.5), Signals.Tone(1), Signals.Silence(0.5));
        var offline = MelSpectrogram.Compute(signal);
        var assembler = new MelWindowAssembler(offset);
        var windows = new List<(int Frame, float[] Window, bool Silent, int Columns)>();
        var mel = new StreamingMel();
        var sink = new Collect(assembler, windows);
        for (int at = 0; at < signal.Length; at += 320)
        {
            mel.Push(signal.AsSpan(at, Math.Min(320, signal.Length - at)), sink);
        }

        Assert.True(windows.Count > 40);
        float[] expected = new float[MelWindows.WindowLength];
        foreach (var (frame, window, silent, columns) in windows)
        {
            MelWindows.CopyWindow(offline, frame, expected, offset);
            Assert.Equal(expected, window);
            Assert.Equal(MelWindows.FirstColumn(frame, offset) + 16, columns);
            Assert.Equal(expected.All(v => v <= -3.9f), silent);
        }

        Assert.Equal(Enumerable.Range(0, windows.Count), windows.Select(w => w.Frame));
        Assert.Contains(windows, w => w.Silent);
        Assert.Contains(windows, w => !w.Silent);
    }
}
