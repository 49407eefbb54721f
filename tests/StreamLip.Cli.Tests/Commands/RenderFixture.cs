using StreamLip.Audio;
using StreamLip.Avatars;
using StreamLip.Cli.Tests.Infrastructure;
using StreamLip.Media.Audio;

namespace StreamLip.Cli.Tests.Commands;

/// <summary>One render of a ~10 s espeak-ng sentence with the built-in avatar and default model, shared by the render tests.</summary>
public sealed class RenderFixture : IAsyncLifetime
{
    public const string Sentence =
        "Hello, and welcome to StreamLip. I am a digital human, and my lips follow the words you hear. " +
        "Pauses let my mouth rest. Then I speak again, clearly and calmly.";

    public string Directory { get; } = Repo.TempDirectory();

    public string Output => Path.Combine(Directory, "out.mp4");

    public CliProcess.Result Result { get; private set; } = new(-1, "", "");

    /// <summary>The speech at 16 kHz, as the pipeline heard it.</summary>
    public float[] Speech { get; private set; } = [];

    public MelFrames Mel { get; private set; } = new(1);

    public Avatar Avatar { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string avatarDir = Repo.RequireBuiltInAvatar();
        string wav = Speech_(Directory);
        Result = await CliProcess.RunAsync("render", "--audio", wav, "--out", Output);
        Speech = AudioFileDecoder.Decode(wav, 16000, 1);
        Mel = MelSpectrogram.Compute(Speech);
        Avatar = Avatar.Load(avatarDir);
    }

    public Task DisposeAsync()
    {
        Avatar?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    private static string Speech_(string dir) => Infrastructure.Speech.Espeak(dir, Sentence, "en-us", 140);
}
