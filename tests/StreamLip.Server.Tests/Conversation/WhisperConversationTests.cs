using System.Net;
using System.Net.Http.Json;
using StreamLip.Server.Tests.Conversation.Recognition;
using Xunit.Abstractions;

namespace StreamLip.Server.Tests.Conversation;

/// <summary>
/// The real server with <c>Conversation:Recognizer=whisper</c> over the tests' random-weight model: conversations
/// start with whisper as their recogniser, share one loaded model, and a spoken question goes through whisper.cpp to a
/// final transcript (gibberish: random weights), the echo's answer and the turn's timings.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class WhisperConversationTests(AvatarFixture avatars, TestWhisperModel model, ITestOutputHelper output) : IClassFixture<TestWhisperModel>, IDisposable
{
    private readonly ServerFactory _factory = new(avatars, new Dictionary<string, string?>
    {
        ["StreamLip:IdleSessionTimeoutSeconds"] = "0",
        ["StreamLip:Conversation:Recognizer"] = "whisper",
        ["StreamLip:Conversation:Whisper:ModelPath"] = model.Path,
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_spoken_question_is_recognised_by_whisper_and_answered_and_conversations_share_one_model()
    {
        float[] question = await MadeSpeech.SamplesAsync(MadeSpeech.Kal, "what is the weather like today");
        await using var hub = await SignalRJsonClient.ConnectAsync(_factory.Server);
        var (id, transport) = await ConversationDriver.OfferAsync(hub, _factory);
        Assert.Equal("whisper → echo", (await hub.InvokeAsync("StartConversation", id)).GetProperty("result").GetString());

        var (final, quiet) = await ConversationDriver.AskAsync(transport, hub, question);
        output.WriteLine($"heard (random weights): \"{final}\"");
        await quiet;

        // The random model's transcript is made-up tokens; only an empty one would end the turn here, without a reply.
        Assert.False(string.IsNullOrEmpty(final), "the seeded random model says something (with an empty transcript the turn has no reply)");
        var timings = (await hub.NextCallAsync("TurnTimings").WaitAsync(TimeSpan.FromSeconds(30)))[1];
        output.WriteLine($"timings: {timings}");
        Assert.Equal(240, timings.GetProperty("hangoverMs").GetDouble());
        Assert.InRange(timings.GetProperty("recognitionMs").GetDouble(), 1, 10_000);

        // A second conversation gets its own processor over the same model: loaded once.
        using var client = _factory.CreateClient();
        using var offered = await client.PostAsJsonAsync("/api/webrtc/offer", new { sdp = Sdp.Offer, conversation = true });
        Assert.Equal(HttpStatusCode.OK, offered.StatusCode);
        Assert.True((await hub.InvokeAsync("StopConversation", id)).GetProperty("result").GetBoolean());
        var loaded = Assert.Single(_factory.Logs.Lines, l => l.Id.Id == 808);
        output.WriteLine(loaded.Message);
        Assert.Contains(model.Path, loaded.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_factory.Logs.Lines, l => l.Id.Id is 802 or 807); // no recognition or listening failure
    }
}
