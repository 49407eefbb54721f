using System.Globalization;

namespace StreamLip.Cli.Infrastructure;

/// <summary>
/// Progress for programs: a <c>progress PERCENT</c> line on standard output (one decimal) whenever the whole percent
/// changes, flushed at once, on the reporting thread.
/// </summary>
internal sealed class ProgressLines : IProgress<double>
{
    private int _last = -1;

    public void Report(double value)
    {
        int percent = (int)Math.Clamp(value, 0, 100);
        if (percent == _last)
        {
            return;
        }

        _last = percent;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress {value:F1}"));
        Console.Out.Flush();
    }
}
