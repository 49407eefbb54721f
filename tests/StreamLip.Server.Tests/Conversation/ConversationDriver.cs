namespace StreamLip.Server.Tests.Conversation;

/// <summary>Drives conversation mode on a test server as a user would: the fake microphone played in real time, the
/// hub's transcripts read.</summary>
internal static class ConversationDriver
{
    /// <summary>Near-silence (−60 dBFS hum): the detector's noise floor, never speech.</summary>
    public static float[] Silence(double seconds) => [.. Enumerable.Range(0, (int)(seconds * 16000)).Select(i => (float)(0.001 * Math.Sin(i * 0.1)))];

    /// <summary>Plays samples into the fake microphone in 20 ms chunks on a 20 ms clock, as WebRTC delivers them.</summary>
    public static async Task PlayAsync(FakeSessionTransport transport, float[] samples)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        for (int i = 0; i < samples.Length; i += 320)
        {
            transport.Speak(samples.AsSpan(i, Math.Min(320, samples.Length - i)));
            await timer.WaitForNextTickAsync();
        }
    }

    /// <summary>Offers a session with a (fake) microphone on the test avatar through <paramref name="hub"/>.</summary>
    /// <returns>The session's id and its fake transport, whose microphone the test plays.</returns>
    public static async Task<(string Id, FakeSessionTransport Transport)> OfferAsync(SignalRJsonClient hub, ServerFactory factory)
    {
        Assert.True((await hub.InvokeAsync("Offer", Sdp.Offer, new { avatar = AvatarFixture.Name })).TryGetProperty("result", out _));
        string id = (await hub.InvokeAsync("SessionId")).GetProperty("result").GetString()!;
        return (id, Assert.Single(factory.Transports.Created));
    }

    /// <summary>The user asks <paramref name="question"/> after 0.6 s of quiet, then stays quiet for 1.5 s.</summary>
    /// <returns>The final transcript, and the 1.5 s of quiet still playing.</returns>
    public static async Task<(string Final, Task Quiet)> AskAsync(FakeSessionTransport transport, SignalRJsonClient hub, float[] question)
    {
        await PlayAsync(transport, Silence(0.6));
        await PlayAsync(transport, question);
        Task quiet = PlayAsync(transport, Silence(1.5));
        return (await FinalTranscriptAsync(hub).WaitAsync(TimeSpan.FromSeconds(30)), quiet);
    }

    /// <summary>The text of the next final <c>Transcript</c> the hub pushes (partials skipped).</summary>
    public static async Task<string> FinalTranscriptAsync(SignalRJsonClient hub)
    {
        while (true)
        {
            var args = await hub.NextCallAsync("Transcript");
            if (args[2].GetBoolean())
            {
                return args[1].GetString()!;
            }
        }
    }
}
