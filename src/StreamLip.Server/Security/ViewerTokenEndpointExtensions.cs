namespace StreamLip.Server.Security;

/// <summary>Marks endpoints that a session's viewer token may call (see <see cref="AllowViewerTokenAttribute"/>).</summary>
public static class ViewerTokenEndpointExtensions
{
    /// <summary>
    /// Lets the viewer token of the session named by <paramref name="sessionParameter"/> (route value, else query value)
    /// reach these endpoints; API keys still can. Endpoints without this refuse viewer tokens with 403.
    /// </summary>
    /// <example><c>group.MapPost("/{id}/viewer", ...).AllowViewerToken();</c></example>
    public static TBuilder AllowViewerToken<TBuilder>(this TBuilder builder, string sessionParameter = "id")
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new AllowViewerTokenAttribute(sessionParameter));
    }
}
