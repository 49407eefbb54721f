using Microsoft.Playwright;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>Debian's Chromium, headless, as the end-to-end tests launch it.</summary>
internal static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] extraArgs)
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is missing: ./streamlip setup installs it.");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required", .. extraArgs,
            ],
        });
    }
}
