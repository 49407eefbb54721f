using System.Diagnostics;

namespace StreamLip.Tests.BadInput;

/// <summary>Makes test media with <c>gst-launch-1.0</c> (installed by setup): long silent FLACs, test clips.</summary>
public static class GstLaunch
{
    /// <summary>Runs a gst-launch description (split on spaces), its standard output into <paramref name="stdoutTo"/> if given.</summary>
    public static void Run(string description, string? stdoutTo = null)
    {
        var info = new ProcessStartInfo("gst-launch-1.0") { RedirectStandardOutput = stdoutTo is not null, UseShellExecute = false };
        info.ArgumentList.Add("-q");
        foreach (string part in description.Split(' '))
        {
            info.ArgumentList.Add(part);
        }

        using var gst = Process.Start(info)!;
        if (stdoutTo is not null)
        {
            using var file = File.Create(stdoutTo);
            gst.StandardOutput.BaseStream.CopyTo(file);
        }

        gst.WaitForExit();
        Assert.Equal(0, gst.ExitCode);
    }
}
