using Microsoft.Extensions.Options;
using StreamLip.Media.Outputs;

namespace StreamLip.Server.Options;

/// <summary>Fills <see cref="OutputOptions.RecordingsDirectory"/> from the project root and checks the output settings at start.</summary>
internal sealed class OutputOptionsSetup(string home) : IPostConfigureOptions<ServerOptions>, IValidateOptions<ServerOptions>
{
    public void PostConfigure(string? name, ServerOptions options)
    {
        OutputOptions o = options.Outputs;
        o.RecordingsDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(o.RecordingsDirectory) ? "recordings" : o.RecordingsDirectory, home);
    }

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        OutputOptions o = options.Outputs;
        var failures = new List<string>();
        Check(o.MaxOutputsPerSession is >= 0 and <= 32, "Outputs:MaxOutputsPerSession", $"is {o.MaxOutputsPerSession}; it must be 0..32");
        Check(o.ConnectTimeoutSeconds is >= 1 and <= 120, "Outputs:ConnectTimeoutSeconds", $"is {o.ConnectTimeoutSeconds}; it must be 1..120");
        Check(o.StartCheckMilliseconds is >= 0 and <= 30_000, "Outputs:StartCheckMilliseconds", $"is {o.StartCheckMilliseconds}; it must be 0..30000");
        try
        {
            Encoding(o, 16, 16).Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            failures.Add($"StreamLip:Outputs: {e.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(bool ok, string key, string rule)
        {
            if (!ok)
            {
                failures.Add($"StreamLip:{key} {rule}.");
            }
        }
    }

    /// <summary>The encoding of an output for frames of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static EncodingOptions Encoding(OutputOptions o, int width, int height) => new()
    {
        Width = width,
        Height = height,
        VideoBitrateKbps = o.VideoBitrateKbps,
        AudioBitrateKbps = o.AudioBitrateKbps,
        KeyframeIntervalSeconds = o.KeyframeIntervalSeconds,
        SpeedPreset = o.SpeedPreset,
    };
}
