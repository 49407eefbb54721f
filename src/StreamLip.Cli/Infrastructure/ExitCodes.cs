namespace StreamLip.Cli.Infrastructure;

/// <summary>Exit codes of the CLI, documented in README.md.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Something unexpected failed (a bug or an environment problem); the message has the details.</summary>
    public const int Failure = 1;

    /// <summary>The input is wrong: bad arguments, unreadable or unsuitable files, wrong model contract.</summary>
    public const int BadInput = 2;

    /// <summary>A native dependency is missing (GStreamer, an element, ONNX Runtime); the message names the package.</summary>
    public const int MissingDependency = 3;

    /// <summary>Interrupted by the user (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
