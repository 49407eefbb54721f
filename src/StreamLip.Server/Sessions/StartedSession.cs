namespace StreamLip.Server.Sessions;

/// <summary>A session that was started and negotiated.</summary>
/// <param name="SessionId">Its id, for the candidate and stop calls.</param>
/// <param name="Answer">The SDP answer for the client.</param>
public sealed record StartedSession(string SessionId, string Answer);
