using StreamLip.Server.Conversation;
using StreamLip.Server.Sessions;
using StreamLip.Server.Speech;

namespace StreamLip.Server.Conversation;

/// <summary>
/// Conversation mode over HTTP: <c>POST /api/sessions/{id}/conversation</c> (on; 200 with the pipeline),
/// <c>GET</c> (whether it is on), <c>DELETE</c> (off; 204, 404 when it was not on). Events go to the hub
/// (<c>Watch(sessionId)</c>). Errors are problem+json.
/// </summary>
internal static class ConversationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sessions/{id}/conversation");
        api.MapPost("", async (string id, HttpContext http, SpeechService speech, ConversationService conversations) =>
        {
            try
            {
                speech.Find(id); // 404 for an unknown session; announces its utterance events to watchers
                string pipeline = await conversations.StartAsync(id, http.RequestAborted).ConfigureAwait(false);
                return Results.Ok(new ConversationResponse(true, pipeline));
            }
            catch (SpeechException e)
            {
                return SignallingErrors.Problem(e.StatusCode, e.Title, e.Message);
            }
        });
        api.MapGet("", (string id, SpeechService speech, ConversationService conversations) =>
        {
            try
            {
                speech.Find(id);
            }
            catch (SpeechException e)
            {
                return SignallingErrors.Problem(e.StatusCode, e.Title, e.Message);
            }

            return Results.Ok(new ConversationResponse(conversations.IsRunning(id), null));
        });
        api.MapDelete("", async (string id, ConversationService conversations) =>
            await conversations.StopAsync(id).ConfigureAwait(false)
                ? Results.NoContent()
                : SignallingErrors.Problem(StatusCodes.Status404NotFound, "No conversation", $"Session '{id}' is not in conversation mode."));
    }
}
