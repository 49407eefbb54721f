using StreamLip.Server.Conversation.Recognition;
using StreamLip.Server.Options;

namespace StreamLip.Server.Tests.Conversation.Recognition;

/// <summary>The OpenAI-compatible transcription recogniser against a local fake endpoint.</summary>
public sealed class OpenAiTranscriptionRecognizerTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_utterance_goes_as_one_wav_at_its_end_and_the_next_may_begin_while_it_uploads()
    {
        using var recognizer = new OpenAiTranscriptionRecognizer(new EndpointOptions { BaseUrl = _server.BaseUrl, Model = "whisper-1" });
        recognizer.Begin();
        recognizer.Write(new float[16000]);
        recognizer.Write(new float[8000]);
        Assert.Null(recognizer.Partial());

        Task<string> first = recognizer.FinishAsync(CancellationToken.None);
        recognizer.Begin(); // the next utterance while the first uploads
        recognizer.Write(new float[3200]);
        Assert.Equal("what is the weather like today", await first);
        Assert.Equal(44 + (24000 * 2), Assert.Single(_server.TranscriptionBytes)); // 16-bit mono WAV of 1.5 s
        Assert.Equal("what is the weather like today", await recognizer.FinishAsync(CancellationToken.None));
        Assert.Equal(string.Empty, await recognizer.FinishAsync(CancellationToken.None)); // no utterance: nothing sent
        Assert.Equal(2, _server.TranscriptionBytes.Count);
    }

    [Fact]
    public async Task An_endpoint_error_is_a_recognition_error_naming_it()
    {
        _server.FailWith = 500;
        using var recognizer = new OpenAiTranscriptionRecognizer(new EndpointOptions { BaseUrl = _server.BaseUrl });
        recognizer.Begin();
        recognizer.Write(new float[1600]);
        var e = await Assert.ThrowsAsync<RecognitionException>(() => recognizer.FinishAsync(CancellationToken.None));
        Assert.Contains("HTTP 500", e.Message, StringComparison.Ordinal);
        Assert.Contains(_server.BaseUrl.Authority, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_of_the_wav_sent()
    {
        byte[] wav = OpenAiTranscriptionRecognizer.Wav([1, -1, short.MaxValue]);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(16000, BitConverter.ToInt32(wav, 24));
        Assert.Equal(6, BitConverter.ToInt32(wav, 40));
        Assert.Equal(short.MaxValue, BitConverter.ToInt16(wav, 48));
    }
}
