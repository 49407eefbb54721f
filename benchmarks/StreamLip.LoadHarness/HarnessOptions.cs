using System.Globalization;
using StreamLip.Media.WebRtc;

namespace StreamLip.LoadHarness;

/// <summary>The harness's command line.</summary>
internal sealed record HarnessOptions
{
    /// <summary>How to call it.</summary>
    public const string Usage =
        """
        StreamLip load harness (issue #4): N headless WebRTC clients speak to the server; per N, what they get.

        dotnet run -c Release --project benchmarks/StreamLip.LoadHarness -- [options]
          --sessions 1,4,8,16     rounds: sessions at once (default 1,4,8,16)
          --seconds 30            measured seconds per round, after every client connected (default 30)
          --warmup 3              seconds between the last connection and the measurement (default 3)
          --url URL               load a server that is already running (e.g. http://127.0.0.1:18080);
                                  default: start one in this process on 127.0.0.1:0 (default model and avatar)
          --api-key KEY           with --url: the server's API key (default: the first of STREAMLIP_API_KEYS)
          --server-pid PID        with --url: the server's process, for its CPU (default: the process listening on the port)
          --codec vp8|h264        the one video codec the clients offer and decode (default vp8); the server's default
                                  VideoCodec=Auto sends it (H.264 to an h264 offer, VP8 to a vp8 one); a server set to
                                  one codec (--StreamLip:WebRtc:VideoCodec=Vp8|H264) refuses clients offering the other
          --light-clients         clients push Opus encoded once and count video frames without decoding them, so
                                  that less of the machine goes to the clients (default: each client encodes its
                                  microphone and decodes the video, like a browser)
          --out FILE              also write the markdown report to FILE
          --soak MINUTES          instead of rounds: hold the first --sessions count of sessions (default 4) for MINUTES
                                  with speech on and off, sampling memory, handles, threads and frame timing
          --sample-seconds 60     with --soak: seconds between samples (default 60)
          --speech-seconds 10     with --soak: seconds of speech, then as many of silence, alternating (default 10)
          --StreamLip:KEY=VALUE   a server setting for the in-process server (default --StreamLip:MaxSessions=32);
                                  admission by headroom is on as in serve: --StreamLip:Capacity:Enabled=false
                                  loads the server past the point where it would refuse newcomers
        """;

    /// <summary>Sessions at once, one round each, in order.</summary>
    public IReadOnlyList<int> Sessions { get; init; } = [1, 4, 8, 16];

    /// <summary>Measured seconds per round.</summary>
    public int Seconds { get; init; } = 30;

    /// <summary>Seconds between the last connection and the start of the measurement.</summary>
    public int WarmupSeconds { get; init; } = 3;

    /// <summary>A running server's base address; null starts one in process.</summary>
    public Uri? Url { get; init; }

    /// <summary>With <see cref="Url"/>: the key to send; null sends the first of STREAMLIP_API_KEYS, if any.</summary>
    public string? ApiKey { get; init; } = Environment.GetEnvironmentVariable("STREAMLIP_API_KEYS")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();

    /// <summary>With <see cref="Url"/>: the server's pid; null looks it up from the port.</summary>
    public int? ServerPid { get; init; }

    /// <summary>The video codec the clients offer.</summary>
    public WebRtcVideoCodec Codec { get; init; } = WebRtcVideoCodec.Vp8;

    /// <summary>Clients that push pre-encoded Opus and do not decode the video.</summary>
    public bool LightClients { get; init; }

    /// <summary>Where to write the markdown report as well as to stdout; null for stdout only.</summary>
    public string? OutFile { get; init; }

    /// <summary>Minutes of a soak run (issue #6); null runs the load rounds instead.</summary>
    public double? SoakMinutes { get; init; }

    /// <summary>Seconds between soak samples.</summary>
    public int SampleSeconds { get; init; } = 60;

    /// <summary>Seconds of speech, then of silence, in a soak.</summary>
    public int SpeechSeconds { get; init; } = 10;

    /// <summary>Settings for the in-process server (<c>--StreamLip:KEY=VALUE</c>).</summary>
    public IReadOnlyList<string> ServerSettings { get; init; } = [];

    /// <summary>The command line as given, for the report.</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>Parses <paramref name="args"/>; null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value; the message says which.</exception>
    public static HarnessOptions? Parse(IReadOnlyList<string> args)
    {
        var o = new HarnessOptions { CommandLine = string.Join(' ', args) };
        var settings = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a is "-h" or "--help")
            {
                return null;
            }

            if (a == "--light-clients")
            {
                o = o with { LightClients = true };
                continue;
            }

            if (a.StartsWith("--StreamLip:", StringComparison.OrdinalIgnoreCase) && a.Contains('=', StringComparison.Ordinal))
            {
                settings.Add(a);
                continue;
            }

            if (a is not ("--sessions" or "--seconds" or "--warmup" or "--url" or "--api-key" or "--server-pid" or "--out" or "--codec" or "--soak" or "--sample-seconds" or "--speech-seconds"))
            {
                throw new ArgumentException($"Unknown option '{a}'.");
            }

            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{a} needs a value.");
            o = a switch
            {
                "--sessions" => o with { Sessions = [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => Int(a, s, 1, 256))] },
                "--seconds" => o with { Seconds = Int(a, value, 1, 3600) },
                "--warmup" => o with { WarmupSeconds = Int(a, value, 0, 600) },
                "--url" => o with { Url = Uri.TryCreate(value, UriKind.Absolute, out Uri? u) && u.Scheme is "http" or "https" ? new Uri(u.ToString().TrimEnd('/') + "/") : throw new ArgumentException($"--url '{value}' is not an http(s) address.") },
                "--api-key" => o with { ApiKey = value },
                "--server-pid" => o with { ServerPid = Int(a, value, 1, int.MaxValue) },
                "--out" => o with { OutFile = value },
                "--soak" => o with { SoakMinutes = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double m) && m > 0 && m <= 24 * 60 ? m : throw new ArgumentException($"--soak '{value}' must be minutes in (0, 1440].") },
                "--sample-seconds" => o with { SampleSeconds = Int(a, value, 1, 3600) },
                "--speech-seconds" => o with { SpeechSeconds = Int(a, value, 1, 3600) },
                "--codec" => o with { Codec = value.ToUpperInvariant() switch { "VP8" => WebRtcVideoCodec.Vp8, "H264" => WebRtcVideoCodec.H264, _ => throw new ArgumentException($"--codec '{value}' must be vp8 or h264.") } },
                _ => throw new ArgumentException($"Unknown option '{a}'."),
            };
        }

        if (o.Sessions.Count == 0)
        {
            throw new ArgumentException("--sessions needs at least one count.");
        }

        if (o.SoakMinutes is not null && !args.Contains("--sessions"))
        {
            o = o with { Sessions = [4] };
        }

        if (o.SoakMinutes is not null && o.LightClients)
        {
            throw new ArgumentException("--soak alternates raw speech and silence: it does not go with --light-clients.");
        }

        if (o.ServerPid is not null && o.Url is null)
        {
            throw new ArgumentException("--server-pid goes with --url.");
        }

        if (o.Url is not null && settings.Count > 0)
        {
            throw new ArgumentException("--StreamLip:KEY=VALUE settings apply to the in-process server only; set them on the server given by --url.");
        }

        if (!settings.Any(s => s.StartsWith("--StreamLip:MaxSessions=", StringComparison.OrdinalIgnoreCase)))
        {
            settings.Add("--StreamLip:MaxSessions=" + Math.Max(32, o.Sessions.Max()).ToString(CultureInfo.InvariantCulture));
        }

        return o with { ServerSettings = settings };
    }

    private static int Int(string option, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{option} '{value}' must be a whole number in {min}..{max}.");
}
