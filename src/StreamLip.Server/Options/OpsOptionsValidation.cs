namespace StreamLip.Server.Options;

/// <summary>Checks the authentication, idle-timeout and memory-trim settings (called by <see cref="ServerOptionsValidator"/>).</summary>
internal static class OpsOptionsValidation
{
    /// <summary>Shortest API key accepted, characters: a guessable key is no key.</summary>
    public const int MinKeyLength = 16;

    /// <summary>Reports each bad setting through <paramref name="check"/> (ok, key, message), as the validator's own checks do.</summary>
    public static void Check(ServerOptions o, Action<bool, string, string> check)
    {
        var auth = o.Auth;
        check(auth.ApiKeys.All(k => k.Length >= MinKeyLength && !k.Any(char.IsWhiteSpace)), "Auth:ApiKeys", $"holds a key shorter than {MinKeyLength} characters or with white space (or set {AuthOptions.KeysVariable}); leave it empty to have one made at start");
        check(auth.MaxSessionsPerKey is null || (auth.MaxSessionsPerKey >= 1 && auth.MaxSessionsPerKey <= o.MaxSessions), "Auth:MaxSessionsPerKey", $"is {auth.MaxSessionsPerKey}; it must be 1..MaxSessions ({o.MaxSessions})");
        check(o.NativeMemoryTrimSeconds is >= 0 and <= 3600, "NativeMemoryTrimSeconds", $"is {o.NativeMemoryTrimSeconds}; it must be 0 (never) or 1..3600");
        check(o.IdleSessionTimeoutSeconds is >= 0 and <= 86_400, "IdleSessionTimeoutSeconds", $"is {o.IdleSessionTimeoutSeconds}; it must be 0 (never) or 1..86400");
    }
}
