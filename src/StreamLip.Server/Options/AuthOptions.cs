namespace StreamLip.Server.Options;

/// <summary>
/// Who may control the server (section <c>StreamLip:Auth</c>). Control and signalling (<c>/api/**</c>, <c>/hub</c>,
/// <c>/metrics</c>) need an API key sent as <c>Authorization: Bearer KEY</c> (or <c>?access_token=KEY</c> where a
/// transport cannot send headers); the page's files, <c>/healthz</c> and <c>/readyz</c> stay public.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>The environment variable with more API keys, comma-separated (added to <see cref="ApiKeys"/>).</summary>
    public const string KeysVariable = "STREAMLIP_API_KEYS";

    /// <summary>
    /// The API keys accepted (at least 16 characters each). Default none: then the server makes one at start and
    /// prints it with the page's URL (as Jupyter does); it changes with every start.
    /// </summary>
    public IList<string> ApiKeys { get; } = [];

    /// <summary>
    /// True turns authentication off: anyone who reaches the port controls the server. For local development only;
    /// the server warns loudly at start. Default false.
    /// </summary>
    public bool Disabled { get; set; }

    /// <summary>True serves <c>/metrics</c> without a key (a scraper on a private network). Default false.</summary>
    public bool PublicMetrics { get; set; }

    /// <summary>Most sessions one API key may run at once (beyond it: HTTP 429). Default none: only <see cref="ServerOptions.MaxSessions"/>, for all keys together.</summary>
    public int? MaxSessionsPerKey { get; set; }
}
