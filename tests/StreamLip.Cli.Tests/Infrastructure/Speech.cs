using System.Diagnostics;

namespace StreamLip.Cli.Tests.Infrastructure;

/// <summary>Speech made with espeak-ng (installed by ./streamlip setup).</summary>
internal static class Speech
{
    public static string Espeak(string directory, string text, string voice = "en-us", int wordsPerMinute = 150)
    {
        string path = Path.Combine(directory, "speech.wav");
        var info = new ProcessStartInfo("espeak-ng") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string? a in new[] { "-v", voice, "-s", wordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w", path, text })
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0 && File.Exists(path), $"espeak-ng failed ({p.ExitCode}): {p.StandardError.ReadToEnd()} — ./streamlip setup installs it.");
        return path;
    }
}
