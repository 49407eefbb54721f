namespace StreamLip.Server.Security;

/// <summary>
/// Endpoint metadata: this endpoint only watches a session, so that session's viewer token (<see cref="ViewerTokens"/>)
/// is accepted besides an API key. The session is the route value (or, failing that, the query value) named
/// <see cref="SessionParameter"/>. Add it with <see cref="ViewerTokenEndpointExtensions.AllowViewerToken{TBuilder}"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class AllowViewerTokenAttribute(string sessionParameter = "id") : Attribute
{
    /// <summary>The route (or query) value that names the session, e.g. <c>id</c> in <c>/api/sessions/{id}/viewer</c>.</summary>
    public string SessionParameter { get; } = sessionParameter;
}
