using StreamLip.Media.Audio;

namespace StreamLip.Server.Tests.Conversation;

/// <summary>Speech the tests make: espeak-ng and Festival voices (Debian packages set-up installs), as 16 kHz mono.</summary>
internal static class MadeSpeech
{
    /// <summary>Festival's recorded-diphone voice kal (<c>festvox-kallpc16k</c>).</summary>
    public const string Kal = "voice_kal_diphone";

    /// <summary>Festival's HTS voice slt (<c>festvox-us-slt-hts</c>).</summary>
    public const string Slt = "voice_cmu_us_slt_arctic_hts";

    /// <summary>Writes <paramref name="text"/> spoken by Festival <paramref name="voice"/> to <paramref name="wav"/>.</summary>
    public static async Task<string> FestivalAsync(string voice, string text, string wav)
    {
        await TestProcess.RunAsync("text2wave", text, "-eval", $"({voice})", "-o", wav);
        return wav;
    }

    /// <summary>Writes <paramref name="text"/> spoken by espeak-ng (en-us, 160 words per minute) to <paramref name="wav"/>.</summary>
    public static async Task<string> EspeakAsync(string text, string wav)
    {
        await TestProcess.RunAsync("espeak-ng", null, "-v", "en-us", "-s", "160", "-w", wav, text);
        return wav;
    }

    /// <summary><paramref name="text"/> spoken by Festival <paramref name="voice"/>, 16 kHz mono samples.</summary>
    public static async Task<float[]> SamplesAsync(string voice, string text)
    {
        string wav = Path.Combine(Path.GetTempPath(), $"streamlip-speech-{Guid.NewGuid():N}.wav");
        try
        {
            return AudioFileDecoder.Decode(await FestivalAsync(voice, text, wav));
        }
        finally
        {
            File.Delete(wav);
        }
    }
}
