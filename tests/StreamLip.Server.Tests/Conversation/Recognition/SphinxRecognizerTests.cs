using System.Diagnostics;
using StreamLip.Media.Audio;
using StreamLip.Server.Conversation.Recognition;
using StreamLip.Server.Options;
using Xunit.Abstractions;

namespace StreamLip.Server.Tests.Conversation.Recognition;

/// <summary>
/// CMU Sphinx (Debian's PocketSphinx and its en-us models) on speech the test makes (espeak-ng; Festival's recorded
/// diphone voice kal and the HTS voice slt) and on real recorded speech (LibriVox clips of pocketsphinx-testdata), fed
/// in 20 ms chunks as the conversation loop feeds it; the word error rate of each voice is printed and bounded.
/// </summary>
public sealed class SphinxRecognizerTests(ITestOutputHelper output)
{
    private static readonly string[] Questions =
    [
        "what is the weather like today",
        "please tell me a story about a dog",
        "how far is it to the nearest train station",
        "can you help me find a good restaurant",
        "i would like to book a room for two nights",
        "what time does the museum open tomorrow",
    ];

    private static readonly string LibriVox = "/usr/share/pocketsphinx/test/data/librivox";

    [Fact]
    public async Task Word_error_rate_on_made_and_recorded_speech_stays_within_its_bounds()
    {
        using var sphinx = SphinxRecognizer.Load(new SphinxOptions().ModelDirectory, new SphinxOptions().ArgumentList());
        string dir = Directory.CreateTempSubdirectory("streamlip-wer-").FullName;
        try
        {
            // Bounds sit above what was measured here (README "Conversation"): kal 4 %, slt 12–15 %, LibriVox 23 %, espeak-ng 52–54 %.
            double kal = await RateAsync(sphinx, "festival kal", Questions, (q, wav) => MadeSpeech.FestivalAsync(MadeSpeech.Kal, q, wav), dir);
            double slt = await RateAsync(sphinx, "festival slt", Questions, (q, wav) => MadeSpeech.FestivalAsync(MadeSpeech.Slt, q, wav), dir);
            double espeak = await RateAsync(sphinx, "espeak-ng en-us", Questions, MadeSpeech.EspeakAsync, dir);
            var (references, files) = LibriVoxClips();
            double human = await RateAsync(sphinx, "LibriVox (recorded)", references, (q, wav) => Task.FromResult(files[q]), dir);

            Assert.InRange(kal, 0, 0.15);
            Assert.InRange(slt, 0, 0.25);
            Assert.InRange(human, 0, 0.40);
            Assert.InRange(espeak, 0, 0.70);
            Assert.InRange((kal + slt) / 2, 0, 0.15);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Partial_results_grow_while_the_user_speaks_and_silence_gives_nothing()
    {
        using var sphinx = SphinxRecognizer.Load(new SphinxOptions().ModelDirectory, new SphinxOptions().ArgumentList());
        float[] speech = AudioFileDecoder.Decode("/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav");

        sphinx.Begin();
        var partials = new List<string>();
        for (int i = 0; i < speech.Length; i += 320)
        {
            sphinx.Write(speech.AsSpan(i, Math.Min(320, speech.Length - i)));
            if (i % 8000 == 0 && sphinx.Partial() is { } p)
            {
                partials.Add(p);
            }
        }

        string final = await sphinx.FinishAsync(CancellationToken.None);
        output.WriteLine($"partials: {string.Join(" | ", partials)}; final: {final}");
        Assert.True(partials.Count >= 2, "partial results come while the user speaks");
        Assert.True(WordErrorRate.Errors("he was not an ill disposed young man", final) <= 3, final);

        sphinx.Begin();
        sphinx.Write(new float[16000]);
        Assert.Equal(string.Empty, await sphinx.FinishAsync(CancellationToken.None));
        Assert.Equal(string.Empty, await sphinx.FinishAsync(CancellationToken.None)); // no utterance: nothing, no error
    }

    [Fact]
    public void A_missing_model_or_refused_setting_is_named()
    {
        var missing = Assert.Throws<RecognitionException>(() => SphinxRecognizer.Load("/nonexistent/model", []));
        Assert.Contains("pocketsphinx-en-us", missing.Message, StringComparison.Ordinal);
        var refused = Assert.Throws<RecognitionException>(() => SphinxRecognizer.Load(new SphinxOptions().ModelDirectory, ["-nosuchflag", "1"]));
        Assert.Contains("Sphinx:Arguments", refused.Message, StringComparison.Ordinal);

        var disposed = SphinxRecognizer.Load(new SphinxOptions().ModelDirectory, new SphinxOptions().ArgumentList());
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(disposed.Begin);
    }

    private static (string[] References, Dictionary<string, string> Files) LibriVoxClips()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(Path.Combine(LibriVox, "transcription")))
        {
            // "<s> he was not an ill disposed young man </s> (sense_and_sensibility_01_austen_64kb-0880)"
            int open = line.LastIndexOf('(');
            string id = line[(open + 1)..line.LastIndexOf(')')];
            string text = line[..open].Replace("<s>", string.Empty, StringComparison.Ordinal).Replace("</s>", string.Empty, StringComparison.Ordinal).Trim();
            files[text] = Path.Combine(LibriVox, id + ".wav");
        }

        return ([.. files.Keys], files);
    }

    private async Task<double> RateAsync(SphinxRecognizer sphinx, string voice, IReadOnlyList<string> references, Func<string, string, Task<string>> make, string dir)
    {
        int errors = 0;
        int words = 0;
        double audioSeconds = 0;
        var cpu = Stopwatch.StartNew();
        TimeSpan decode = TimeSpan.Zero;
        for (int i = 0; i < references.Count; i++)
        {
            string wav = await make(references[i], Path.Combine(dir, $"{voice.Replace(' ', '-')}-{i}.wav"));
            float[] samples = AudioFileDecoder.Decode(wav);
            audioSeconds += samples.Length / 16000.0;
            var t = Stopwatch.StartNew();
            sphinx.Begin();
            for (int k = 0; k < samples.Length; k += 320)
            {
                sphinx.Write(samples.AsSpan(k, Math.Min(320, samples.Length - k)));
            }

            string heard = await sphinx.FinishAsync(CancellationToken.None);
            decode += t.Elapsed;
            int e = WordErrorRate.Errors(references[i], heard);
            errors += e;
            words += WordErrorRate.Words(references[i]).Length;
            output.WriteLine($"{voice}: \"{references[i]}\" → \"{heard}\" ({e} errors)");
        }

        double rate = (double)errors / words;
        output.WriteLine($"== {voice}: WER {rate:P0} ({errors}/{words} words), decoding {decode.TotalSeconds:F1} s for {audioSeconds:F1} s of audio");
        return rate;
    }
}
