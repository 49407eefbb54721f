using StreamLip.Server.Options;

namespace StreamLip.Server.Tests.Conversation;

public sealed class ConversationOptionsTests
{
    [Fact]
    public void Bad_conversation_settings_are_named_at_start()
    {
        var o = new ServerOptions();
        o.Conversation.Recognizer = "vosk";
        o.Conversation.Llm.BaseUrl = new Uri("ftp://example/v1");
        o.Conversation.Llm.Model = " ";
        o.Conversation.Vad.HangoverMs = 5;
        o.Conversation.MaxHistoryMessages = -1;
        o.Conversation.FirstTokenTimeoutSeconds = 0;
        o.Conversation.Whisper.Language = "english";
        o.Conversation.Whisper.Threads = -1;
        o.Conversation.Whisper.AudioContext = 2000;

        var failures = new ServerOptionsValidator().Validate(null, o).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("StreamLip:Conversation:Recognizer is 'vosk'; it must be sphinx, whisper or openai", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Conversation:Llm:BaseUrl is 'ftp://example/v1'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Conversation:Llm:Model is empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Conversation:Vad:HangoverMs is 5", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Conversation:MaxHistoryMessages is -1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Conversation:FirstTokenTimeoutSeconds is 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Conversation:Whisper:Language is 'english'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Conversation:Whisper:Threads is -1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Conversation:Whisper:AudioContext is 2000", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("Whisper:ModelPath", StringComparison.Ordinal)); // not checked unless whisper is the recogniser

        var openai = new ServerOptions();
        openai.Conversation.Recognizer = "openai";
        Assert.Contains(new ServerOptionsValidator().Validate(null, openai).Failures ?? [], f => f.StartsWith("StreamLip:Conversation:Transcription:BaseUrl is not set", StringComparison.Ordinal));

        var whisper = new ServerOptions();
        whisper.Conversation.Recognizer = "whisper";
        Assert.Contains(new ServerOptionsValidator().Validate(null, whisper).Failures ?? [], f => f.StartsWith("StreamLip:Conversation:Whisper:ModelPath is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_are_a_local_recogniser_the_echo_responder_and_the_stated_hangover()
    {
        var o = new ConversationOptions();
        Assert.Equal("sphinx", o.Recognizer);
        Assert.Null(o.Llm.BaseUrl);
        Assert.Equal(240, o.Vad.HangoverMs);
        Assert.Equal(["-fwdflat", "no", "-bestpath", "no", "-maxhmmpf", "3000"], o.Sphinx.ArgumentList());
        var errors = new List<string>();
        o.Validate((ok, key, message) =>
        {
            if (!ok)
            {
                errors.Add($"{key} {message}");
            }
        });
        Assert.Empty(errors);
    }
}
