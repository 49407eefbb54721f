using System.Globalization;
using System.Text.Json;
using Orleans.Placement;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Sessions;
using StreamLip.Server.Speech;

namespace StreamLip.Server.Cluster;

/// <summary>
/// A session's grain on the node that runs it (<see cref="ISessionGrain"/>). It holds no media: each call is
/// the node's own <see cref="LocalSessionControl"/> call on the session of the grain's key. Kept alive while the session
/// runs; once it has ended (checked every few seconds) it deactivates. Never moves (<see cref="ImmovableAttribute"/>).
/// </summary>
[CapacityPlacement]
[Immovable]
internal sealed class SessionGrain(LocalSessionControl local, NodeIdentity node, OwnedSessions owned, ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);

    private string Id => this.GetPrimaryKeyString();

    public async Task<ControlReply> Start(StartCommand command)
    {
        if (local.Runs(Id))
        {
            return Problem(StatusCodes.Status409Conflict, "Session exists", $"Session '{Id}' runs already.");
        }

        if (local.RunningCount >= node.Slots)
        {
            return Problem(StatusCodes.Status429TooManyRequests, ControlReply.NodeFull, node.Slots == 0
                ? "This node is a front door (StreamLip:Cluster:FrontDoorOnly): it runs no sessions."
                : $"This node runs its {node.Slots} sessions (StreamLip:Cluster:Slots).");
        }

        try
        {
            string value;
            if (command.Sdp is null)
            {
                value = JsonSerializer.Serialize(local.StartPushed(command.Avatar, command.KeyId, Id, node.Url), Json);
            }
            else
            {
                var started = await local.StartAsync(new OfferStart(command.Sdp, command.Avatar, command.ConnectionId, command.Conversation, command.KeyId), Id, CancellationToken.None).ConfigureAwait(true);
                value = started.Answer;
            }

            owned.Add(Id, command.FrontDoor, command.ConnectionId);
            DelayDeactivation(TimeSpan.FromDays(30)); // kept while the session lives; the check below lets it go after
            this.RegisterGrainTimer(CheckAsync, new GrainTimerCreationOptions(CheckEvery, CheckEvery) { KeepAlive = false });
            return Reply(value);
        }
        catch (SessionLimitException e)
        {
            // Full by this node's own measure (MaxSessions, or no headroom left): the front door tries another node.
            DeactivateOnIdle();
            return Problem(StatusCodes.Status429TooManyRequests, ControlReply.NodeFull, e.Message);
        }
        catch (Exception e)
        {
            DeactivateOnIdle();
            return Problem(e);
        }
    }

    public Task<ControlReply> AddCandidate(string candidate, int sdpMLineIndex) =>
        Run(async () => (await local.AddCandidateAsync(Id, new IceCandidate(candidate, sdpMLineIndex)).ConfigureAwait(true)).ToString());

    public async Task<ControlReply> Stop()
    {
        if (!local.Runs(Id))
        {
            return Lost();
        }

        ControlReply reply = await Run(async () => (await local.StopAsync(Id).ConfigureAwait(true)).ToString()).ConfigureAwait(true);
        DeactivateOnIdle();
        return reply;
    }

    public Task<ControlReply> Info() => Run(async () => JsonSerializer.Serialize(await local.InfoAsync(Id).ConfigureAwait(true), Json));

    public Task<ControlReply> Speak(string? text, string? voice, int? rate) =>
        Run(async () => (await local.SpeakAsync(Id, text, voice, rate, CancellationToken.None).ConfigureAwait(true)).ToString(CultureInfo.InvariantCulture));

    public Task<ControlReply> Interrupt() => Run(async () => (await local.InterruptAsync(Id).ConfigureAwait(true)).ToString());

    public Task<ControlReply> Conversation(bool on) => Run(async () => on
        ? await local.StartConversationAsync(Id, CancellationToken.None).ConfigureAwait(true)
        : (await local.StopConversationAsync(Id).ConfigureAwait(true)).ToString());

    public Task<ControlReply> Locate() => Task.FromResult(local.Runs(Id) ? Reply(null) : Lost());

    private async Task<ControlReply> Run(Func<Task<string>> call)
    {
        if (!local.Runs(Id))
        {
            return Lost();
        }

        try
        {
            return Reply(await call().ConfigureAwait(true));
        }
        catch (Exception e)
        {
            return Problem(e);
        }
    }

    private Task CheckAsync(CancellationToken cancellationToken)
    {
        if (!local.Runs(Id))
        {
            owned.Remove(Id);
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    // The session is not here: it ended, or the node that ran it left the cluster and this activation is a new one.
    private ControlReply Lost()
    {
        DeactivateOnIdle();
        return new ControlReply(StatusCodes.Status404NotFound, ControlReply.Lost, $"Session '{Id}' does not run: it ended, or the node that ran it left the cluster; start a new one.", null, node.Silo, null);
    }

    private ControlReply Reply(string? value) => new(StatusCodes.Status200OK, null, null, value, node.Silo, node.Url);

    private ControlReply Problem(int status, string title, string detail) => new(status, title, detail, null, node.Silo, node.Url);

    private ControlReply Problem(Exception e)
    {
        if (e is SpeechException s)
        {
            return Problem(s.StatusCode, s.Title, s.Message);
        }

        if (SignallingErrors.IsClientError(e))
        {
            var (status, title) = SignallingErrors.Describe(e);
            return Problem(status, title, e.Message);
        }

        logger.LogError(e, "Cluster: a control call on session {SessionId} failed", Id);
        return Problem(StatusCodes.Status500InternalServerError, "Session call failed", $"{e.GetType().Name}: {e.Message}");
    }
}
