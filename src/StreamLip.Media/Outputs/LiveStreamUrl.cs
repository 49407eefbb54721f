namespace StreamLip.Media.Outputs;

/// <summary>Checks livestream URLs and makes them safe to show (stream keys and SRT passphrases are secrets).</summary>
public static class LiveStreamUrl
{
    /// <summary>The longest URL accepted (characters); real ingest URLs with keys are well under 300.</summary>
    public const int MaxLength = 2048;

    /// <summary>The longest redacted URL shown in logs and answers (characters); longer ones end in <c>…</c>.</summary>
    public const int MaxShownLength = 200;

    /// <summary>The protocol of <paramref name="url"/>.</summary>
    /// <exception cref="ArgumentException">Not an absolute rtmp://, rtmps:// or srt:// URL with a host (the message says which).</exception>
    public static LiveStreamProtocol Parse(string? url)
    {
        if (url is { Length: > MaxLength })
        {
            throw new ArgumentException($"The URL is {url.Length} characters long; at most {MaxLength} are accepted ('{Redact(url)}').", nameof(url));
        }

        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            throw new ArgumentException($"'{Redact(url)}' is not an absolute URL; use rtmp://, rtmps:// or srt://.", nameof(url));
        }

        LiveStreamProtocol protocol = uri.Scheme.ToUpperInvariant() switch
        {
            "RTMP" => LiveStreamProtocol.Rtmp,
            "RTMPS" => LiveStreamProtocol.Rtmps,
            "SRT" => LiveStreamProtocol.Srt,
            _ => throw new ArgumentException($"The scheme '{uri.Scheme}' is not supported for a livestream; use rtmp://, rtmps:// or srt://.", nameof(url)),
        };
        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"'{Redact(url)}' names no host.", nameof(url));
        }

        if (protocol == LiveStreamProtocol.Srt && uri.IsDefaultPort)
        {
            throw new ArgumentException($"'{Redact(url)}' names no port; SRT has no default port (srt://host:port).", nameof(url));
        }

        if (protocol != LiveStreamProtocol.Srt && uri.AbsolutePath.Trim('/').Split('/').Length < 2)
        {
            throw new ArgumentException($"'{Redact(url)}' needs an application and a stream key: rtmp://host/app/streamkey.", nameof(url));
        }

        return protocol;
    }

    /// <summary>
    /// <paramref name="url"/> without its secrets: user info and query dropped, an RTMP stream key (the last path segment)
    /// replaced by <c>***</c>, cut to <see cref="MaxShownLength"/> characters. For logs, errors and API answers.
    /// </summary>
    public static string Redact(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            return "(not a URL)";
        }

        string authority = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        string path = uri.AbsolutePath;
        int last = path.TrimEnd('/').LastIndexOf('/');
        if (last > 0)
        {
            path = path[..(last + 1)] + "***";
        }

        string shown = $"{uri.Scheme}://{authority}{(path == "/" ? "" : path)}";
        return shown.Length <= MaxShownLength ? shown : string.Concat(shown.AsSpan(0, MaxShownLength - 1), "…");
    }
}
