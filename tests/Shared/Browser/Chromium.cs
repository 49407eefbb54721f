using Microsoft.Playwright;

namespace StreamLip.Tests.Shared.Browser;

/// <summary>Debian's Chromium, headless, as the end-to-end tests launch it (the server's page tests and the cluster's).</summary>
internal static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] extraArgs) => LaunchAsync(playwright, null, extraArgs);

    /// <summary>Chromium whose microphone is the WAV at <paramref name="microphone"/> (looped; media permission granted), with
    /// more environment variables for the browser when given.</summary>
    public static Task<IBrowser> LaunchWithMicrophoneAsync(IPlaywright playwright, string microphone, IReadOnlyDictionary<string, string>? environment = null) =>
        LaunchAsync(playwright, environment, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-audio-capture={microphone}");

    /// <summary>As <see cref="LaunchAsync(IPlaywright, string[])"/>, with more environment variables for the browser (e.g. its sound server).</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, IReadOnlyDictionary<string, string>? environment, params string[] extraArgs)
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is missing: ./streamlip setup installs it.");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Env = environment is null ? null : Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty).Concat(environment).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required", .. extraArgs,
            ],
        });
    }
}
