using System.Diagnostics;
using System.Globalization;
using StreamLip.Media.Audio;

namespace StreamLip.Tests.Shared.Browser;

/// <summary>
/// The WAV Chromium plays as its microphone (<c>--use-file-for-fake-audio-capture</c>, looped): espeak-ng sentences
/// separated by 2.5 s of silence, 48 kHz 16-bit mono.
/// </summary>
internal static class FakeMicrophone
{
    private const int Rate = 48000;

    public static string Write(string directory)
    {
        string[] sentences =
        [
            "Hello there. I am the StreamLip avatar, and I speak with your voice.",
            "My lips should move while you talk, and rest when you are quiet.",
            "Twenty seconds of this should be plenty for the test to decide.",
        ];
        var samples = new List<float>();
        foreach (var (text, i) in sentences.Select((t, i) => (t, i)))
        {
            string wav = Path.Combine(directory, $"s{i}.wav");
            Run("espeak-ng", "-v", "en-us", "-s", "150", "-w", wav, text);
            samples.AddRange(AudioFileDecoder.Decode(wav, Rate, 1));
            samples.AddRange(new float[(int)(2.5 * Rate)]);
        }

        string path = Path.Combine(directory, "microphone.wav");
        File.WriteAllBytes(path, TestWav.Pcm16Mono(samples, Rate));
        return path;
    }

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, string.Create(CultureInfo.InvariantCulture, $"{program} failed ({p.ExitCode}): {p.StandardError.ReadToEnd()} — ./streamlip setup installs it."));
    }
}
