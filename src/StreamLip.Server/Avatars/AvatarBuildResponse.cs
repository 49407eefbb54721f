using StreamLip.Server.Avatars;

namespace StreamLip.Server.Avatars;

/// <summary>An avatar build from an upload (<c>POST /api/avatars</c>, <c>GET /api/avatars/builds/{id}</c>).</summary>
/// <param name="Id">The build.</param>
/// <param name="Name">The avatar it makes.</param>
/// <param name="State"><c>running</c>, <c>succeeded</c> or <c>failed</c>.</param>
/// <param name="Progress">Percent done.</param>
/// <param name="Message">The builder's summary, or why it failed.</param>
/// <param name="Report">Faceless stretches and how each was filled or trimmed.</param>
/// <param name="StatusUrl">Where to poll.</param>
public sealed record AvatarBuildResponse(string Id, string Name, string State, double Progress, string? Message, IReadOnlyList<string> Report, string StatusUrl)
{
    /// <summary>The response for <paramref name="job"/> as it is now.</summary>
    public static AvatarBuildResponse From(AvatarBuildJob job) =>
        new(job.Id, job.Name, job.State, Math.Round(job.Progress, 1), job.Message, job.Report, $"/api/avatars/builds/{job.Id}");
}
