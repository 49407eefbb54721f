using System.Security.Claims;

namespace StreamLip.Server.Security;

/// <summary>Who made a request, as <see cref="BearerAuthMiddleware"/> recorded it in <c>HttpContext.User</c> (also a hub's <c>Context.User</c>).</summary>
public static class Caller
{
    /// <summary>The authentication type of the identities the middleware makes.</summary>
    public const string AuthenticationType = "StreamLip";

    /// <summary>Claim: the API key's log-safe id (<c>generated</c>, <c>key-1a2b3c4d</c>, or <c>anonymous</c> with auth off).</summary>
    public const string KeyClaim = "streamlip:key";

    /// <summary>Claim: the session a viewer token was issued for.</summary>
    public const string ViewerOfClaim = "streamlip:viewer-of";

    /// <summary>The key id used when authentication is disabled.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The API key id of the caller, or null (a viewer, or no authentication ran).</summary>
    public static string? KeyOf(ClaimsPrincipal? user) => user?.FindFirst(KeyClaim)?.Value;

    /// <summary>The session whose viewer token the caller used, or null (an API key).</summary>
    public static string? ViewerOf(ClaimsPrincipal? user) => user?.FindFirst(ViewerOfClaim)?.Value;

    internal static ClaimsPrincipal ForKey(string keyId) => new(new ClaimsIdentity([new Claim(KeyClaim, keyId)], AuthenticationType));

    internal static ClaimsPrincipal ForViewer(string sessionId) => new(new ClaimsIdentity([new Claim(ViewerOfClaim, sessionId)], AuthenticationType));
}
