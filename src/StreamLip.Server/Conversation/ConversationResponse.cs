namespace StreamLip.Server.Conversation;

/// <summary>Answer of the conversation endpoints.</summary>
/// <param name="Active">True while the session is in conversation mode.</param>
/// <param name="Pipeline">"recogniser → responder" (e.g. <c>sphinx → echo</c>) when just started, else null.</param>
public sealed record ConversationResponse(bool Active, string? Pipeline);
