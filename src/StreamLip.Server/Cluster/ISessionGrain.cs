using StreamLip.Server.Sessions;

namespace StreamLip.Server.Cluster;

/// <summary>
/// A session of the cluster, keyed by its id: control only (SDP, ICE, stop, speech, interrupt, conversation). Its
/// activation lives on the node that runs the session (placed by <see cref="CapacityPlacementAttribute"/>,
/// never moved), so a call from any node reaches the session's own node. An activation on a node without the session
/// (its node died, or the session ended) answers "session lost".
/// </summary>
internal interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Starts the session on this grain's node (placement chose it).</summary>
    Task<ControlReply> Start(StartCommand command);

    /// <summary>Adds a client ICE candidate.</summary>
    Task<ControlReply> AddCandidate(string candidate, int sdpMLineIndex);

    /// <summary>Stops the session.</summary>
    Task<ControlReply> Stop();

    /// <summary>The session's state, as <see cref="Sessions.SessionInfoResponse"/> JSON.</summary>
    Task<ControlReply> Info();

    /// <summary>Speaks text; the reply's value is the utterance id.</summary>
    Task<ControlReply> Speak(string? text, string? voice, int? rate);

    /// <summary>Interrupts pushed speech; the reply's value is "true" when some was playing.</summary>
    Task<ControlReply> Interrupt();

    /// <summary>Starts or stops conversation mode; the value is the pipeline (start) or "true"/"false" (stop).</summary>
    Task<ControlReply> Conversation(bool on);

    /// <summary>Where the session runs (the reply's owner and URL), for calls that are redirected there.</summary>
    Task<ControlReply> Locate();
}

/// <summary>What a session's start needs on its node.</summary>
/// <param name="Sdp">The client's offer; null for a session without a microphone.</param>
/// <param name="Avatar">Avatar name; null for the default.</param>
/// <param name="ConnectionId">The hub connection it belongs to (on any node: the hub's Redis backplane reaches it), or null.</param>
/// <param name="Conversation">Start it in conversation mode.</param>
/// <param name="KeyId">The caller's API key id (counted on the owner node).</param>
/// <param name="FrontDoor">The silo the client came in through: when it dies, its hub clients are gone.</param>
[GenerateSerializer, Immutable]
internal sealed record StartCommand(
    [property: Id(0)] string? Sdp,
    [property: Id(1)] string? Avatar,
    [property: Id(2)] string? ConnectionId,
    [property: Id(3)] bool Conversation,
    [property: Id(4)] string? KeyId,
    [property: Id(5)] string FrontDoor);

/// <summary>A control call's outcome: 200 with a value, or the problem the client is told (status, title, detail).</summary>
/// <param name="Status">HTTP status: 200, or the problem's.</param>
/// <param name="Title">The problem's title; null on success.</param>
/// <param name="Detail">The problem's detail, fit to show; null on success.</param>
/// <param name="Value">The result (an answer SDP, JSON, an id, "true"/"false").</param>
/// <param name="Owner">The silo that runs the session.</param>
/// <param name="OwnerUrl">That node's address for clients.</param>
[GenerateSerializer, Immutable]
internal sealed record ControlReply(
    [property: Id(0)] int Status,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? Detail,
    [property: Id(3)] string? Value,
    [property: Id(4)] string? Owner,
    [property: Id(5)] string? OwnerUrl)
{
    /// <summary>The title of a start refused because the chosen node is full (the front door places it again).</summary>
    public const string NodeFull = "Node full";

    /// <summary>The title of a call on a session that does not run on the grain's node.</summary>
    public const string Lost = "Session lost";

    /// <summary>True for 2xx.</summary>
    public bool Ok => Status is >= 200 and < 300;
}
