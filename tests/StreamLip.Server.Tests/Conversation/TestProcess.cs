using System.Diagnostics;

namespace StreamLip.Server.Tests.Conversation;

/// <summary>Runs a program the conversation tests need (espeak-ng, Festival, Python) and fails the test when it fails.</summary>
internal static class TestProcess
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="args"/>, <paramref name="stdin"/> as its input; asserts exit 0.</summary>
    /// <returns>What it wrote to standard output.</returns>
    public static async Task<string> RunAsync(string program, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        await p.StandardInput.WriteAsync(stdin ?? string.Empty);
        p.StandardInput.Close();
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        string error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{program} failed: {error}");
        return await output;
    }
}
