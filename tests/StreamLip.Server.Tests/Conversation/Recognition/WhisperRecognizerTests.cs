using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using StreamLip.Media.Audio;
using StreamLip.Server.Conversation.Recognition;
using StreamLip.Server.Options;
using Xunit.Abstractions;

namespace StreamLip.Server.Tests.Conversation.Recognition;

/// <summary>
/// whisper.cpp through Whisper.net (its CPU runtime) on a random-weight model the tests make: the engine loads it once,
/// decodes speech the tests make (espeak-ng) fed in 20 ms chunks as the conversation loop feeds it, in two
/// conversations at once, and bad model files are refused with what is wrong, before whisper.cpp sees them. What it
/// hears is gibberish or nothing (the weights are random): these tests prove the engine, not its accuracy.
/// </summary>
public sealed class WhisperRecognizerTests(TestWhisperModel model, ITestOutputHelper output) : IClassFixture<TestWhisperModel>
{
    private const string Setting = "StreamLip:Conversation:Whisper:ModelPath";

    [Fact]
    public async Task The_engine_loads_the_made_model_once_and_decodes_spoken_questions_in_two_conversations_at_once()
    {
        float[] question = await EspeakAsync("what is the weather like today");
        float[] other = await EspeakAsync("please tell me a story about a dog");

        using var whisper = WhisperModel.Load(new WhisperOptions { ModelPath = model.Path });
        output.WriteLine($"model: {whisper.Layout}, loaded in {whisper.LoadTime.TotalMilliseconds:F0} ms");
        Assert.Equal(new WhisperModelLayout(51864, 64, 1, 1, 1, 50), whisper.Layout);
        Assert.InRange(whisper.LoadTime, TimeSpan.Zero, TimeSpan.FromSeconds(20));

        using WhisperRecognizer first = whisper.CreateRecognizer();
        using WhisperRecognizer second = whisper.CreateRecognizer();
        Assert.Equal("whisper", first.Engine);
        var clock = Stopwatch.StartNew();
        string heard = await RecogniseAsync(first, question);
        TimeSpan one = clock.Elapsed;
        output.WriteLine($"\"what is the weather like today\" ({question.Length / 16000.0:F1} s of speech) → \"{heard}\" in {one.TotalMilliseconds:F0} ms");
        Assert.InRange(one, TimeSpan.Zero, TimeSpan.FromSeconds(30));

        // Two conversations decode at once, each on its own processor over the one model.
        clock.Restart();
        Task<string> a = Task.Run(() => RecogniseAsync(first, other));
        Task<string> b = Task.Run(() => RecogniseAsync(second, question));
        string[] both = await Task.WhenAll(a, b).WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"two at once: \"{both[0]}\", \"{both[1]}\" in {clock.Elapsed.TotalMilliseconds:F0} ms");

        // The next utterance is spoken while the last decodes; its decoding waits for the processor.
        first.Begin();
        Feed(first, question);
        Task<string> earlier = first.FinishAsync(CancellationToken.None);
        first.Begin();
        Feed(first, other);
        Task<string> later = first.FinishAsync(CancellationToken.None);
        await Task.WhenAll(earlier, later).WaitAsync(TimeSpan.FromSeconds(60));

        first.Begin();
        Assert.Equal(string.Empty, await first.FinishAsync(CancellationToken.None)); // nothing said: nothing decoded
        Assert.Equal(string.Empty, await first.FinishAsync(CancellationToken.None)); // no utterance: nothing, no error
    }

    [Fact]
    public void A_missing_wrong_or_cut_short_model_is_refused_naming_the_setting_and_what_is_wrong()
    {
        Assert.Contains("is not set", Refused(null), StringComparison.Ordinal);
        Assert.Contains("/nonexistent/ggml-base.en.bin, which does not exist", Refused("/nonexistent/ggml-base.en.bin"), StringComparison.Ordinal);
        Assert.Contains("is not a whisper.cpp ggml model", Refused(Path.Combine(StreamLipHome.Path, StreamLipHome.TestModel)), StringComparison.Ordinal);
        Assert.Contains("English-only model, but Conversation:Whisper:Language is 'de'", Refused(model.Path, "de"), StringComparison.Ordinal);

        long size = new FileInfo(model.Path).Length;
        foreach (long cut in new[] { 6L, 30, 40_000, 300_000, size / 2, size - 1 })
        {
            string message = Refused(model.CutAt(cut));
            output.WriteLine($"cut at {cut} bytes: {message}");
            Assert.Contains("is cut short: it ends inside", message, StringComparison.Ordinal);
        }

        Assert.Contains("ends inside the data of tensor 'decoder.ln.bias'", Refused(model.CutAt(size - 1)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_whisper_cpp_itself_refuses_is_a_recognition_error_in_its_own_words()
    {
        // The file is whole, but one matrix is stored transposed: only whisper.cpp's loader knows the shapes it wants.
        string transposed = model.Changed("transposed.bin", bytes =>
        {
            byte[] name = Encoding.ASCII.GetBytes("encoder.blocks.0.mlp.0.weight");
            int at = bytes.AsSpan().IndexOf(name) - 8; // its two dims, fastest first, sit just before its name
            Span<byte> dims = bytes.AsSpan(at, 8);
            int fast = BinaryPrimitives.ReadInt32LittleEndian(dims);
            BinaryPrimitives.WriteInt32LittleEndian(dims, BinaryPrimitives.ReadInt32LittleEndian(dims[4..]));
            BinaryPrimitives.WriteInt32LittleEndian(dims[4..], fast);
        });
        Assert.Null(WhisperModel.Problem(new WhisperOptions { ModelPath = transposed }, out _));

        var e = Assert.Throws<RecognitionException>(() => WhisperModel.Load(new WhisperOptions { ModelPath = transposed }));
        output.WriteLine(e.Message);
        Assert.Contains("whisper.cpp could not load the model", e.Message, StringComparison.Ordinal);
        Assert.Contains(Setting, e.Message, StringComparison.Ordinal);
        Assert.Contains("encoder.blocks.0.mlp.0.weight", e.Message, StringComparison.Ordinal); // whisper.cpp's own log line
    }

    [Fact]
    public async Task Disposed_recognisers_refuse_use_and_the_model_outlives_them()
    {
        var whisper = WhisperModel.Load(new WhisperOptions { ModelPath = model.Path });
        WhisperRecognizer recognizer = whisper.CreateRecognizer();
        whisper.Dispose(); // the recogniser still holds the model
        Assert.Throws<ObjectDisposedException>(() => whisper.CreateRecognizer());
        recognizer.Begin();
        Feed(recognizer, new float[3200]);
        _ = await recognizer.FinishAsync(CancellationToken.None);

        recognizer.Dispose(); // frees the model
        recognizer.Dispose();
        Assert.Throws<ObjectDisposedException>(recognizer.Begin);
    }

    private static async Task<string> RecogniseAsync(WhisperRecognizer recognizer, float[] speech)
    {
        recognizer.Begin();
        Feed(recognizer, speech);
        Assert.Null(recognizer.Partial()); // whisper does not stream
        return await recognizer.FinishAsync(CancellationToken.None);
    }

    private static void Feed(WhisperRecognizer recognizer, float[] samples)
    {
        for (int i = 0; i < samples.Length; i += 320)
        {
            recognizer.Write(samples.AsSpan(i, Math.Min(320, samples.Length - i)));
        }
    }

    private static async Task<float[]> EspeakAsync(string text)
    {
        string wav = Path.Combine(Path.GetTempPath(), $"streamlip-whisper-{Guid.NewGuid():N}.wav");
        try
        {
            return AudioFileDecoder.Decode(await MadeSpeech.EspeakAsync(text, wav));
        }
        finally
        {
            File.Delete(wav);
        }
    }

    // What the server's start says (the options validator) and what loading says (the recogniser): the same problem.
    private static string Refused(string? path, string language = "en")
    {
        var o = new ServerOptions();
        o.Conversation.Recognizer = "whisper";
        o.Conversation.Whisper.ModelPath = path;
        o.Conversation.Whisper.Language = language;
        string atStart = Assert.Single(new ServerOptionsValidator().Validate(null, o).Failures ?? [], f => f.StartsWith(Setting, StringComparison.Ordinal));
        var atLoad = Assert.Throws<RecognitionException>(() => WhisperModel.Load(o.Conversation.Whisper));
        Assert.StartsWith(Setting, atLoad.Message, StringComparison.Ordinal);
        return atStart;
    }
}
