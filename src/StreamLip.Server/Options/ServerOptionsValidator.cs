using Microsoft.Extensions.Options;

namespace StreamLip.Server.Options;

/// <summary>Checks every setting at start; each failure names the key and how to set it.</summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions o)
    {
        var errors = new List<string>();
        void Check(bool ok, string key, string message)
        {
            if (!ok)
            {
                errors.Add($"{ServerOptions.Section}:{key} {message} (appsettings.json, or STREAMLIP__{key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}).");
            }
        }

        Check(File.Exists(o.ModelPath), "ModelPath", $"is {o.ModelPath}, which does not exist; point it at a Wav2Lip-contract .onnx model");
        Check(Directory.Exists(o.AvatarsDirectory), "AvatarsDirectory", $"is {o.AvatarsDirectory}, which does not exist; build an avatar there (./streamlip setup builds 'astronaut')");
        Check(IsName(o.DefaultAvatar), "DefaultAvatar", $"is '{o.DefaultAvatar}'; an avatar name is letters, digits, '-' and '_'");
        Check(o.BatchPerSession is >= 1 and <= 64, "BatchPerSession", $"is {o.BatchPerSession}; it must be 1..64");
        Check(o.MaxSessions is >= 1 and <= 1024, "MaxSessions", $"is {o.MaxSessions}; it must be 1..1024");
        Check(o.MaxViewersPerSession is >= 0 and <= 256, "MaxViewersPerSession", $"is {o.MaxViewersPerSession}; it must be 0..256");
        Check(o.MaxRunFrames >= o.BatchPerSession && o.MaxRunFrames <= 256, "MaxRunFrames", $"is {o.MaxRunFrames}; it must be BatchPerSession ({o.BatchPerSession})..256");
        Check(o.ProcessingMarginMs is >= 0 and <= 5000, "ProcessingMarginMs", $"is {o.ProcessingMarginMs}; it must be 0..5000");
        Check(o.VoiceLeadMs is >= 0 and <= 200, "VoiceLeadMs", $"is {o.VoiceLeadMs}; it must be 0..200");
        Check(o.IntraOpThreads >= 0, "IntraOpThreads", $"is {o.IntraOpThreads}; it must be 0 (ONNX Runtime's choice) or more");
        Check(o.StatsIntervalMs is >= 100 and <= 60_000, "StatsIntervalMs", $"is {o.StatsIntervalMs}; it must be 100..60000");
        Check(o.WebRtc.MaxSdpBytes is >= 1024 and <= 1024 * 1024, "WebRtc:MaxSdpBytes", $"is {o.WebRtc.MaxSdpBytes}; it must be 1 KiB..1 MiB");
        Check(o.MaxRequestBodyBytes > o.WebRtc.MaxSdpBytes, "MaxRequestBodyBytes", $"is {o.MaxRequestBodyBytes}; it must exceed WebRtc:MaxSdpBytes ({o.WebRtc.MaxSdpBytes}) to carry an offer");
        Check(o.WebRtc.ReceiveLatencyMs is >= 0 and <= 1000, "WebRtc:ReceiveLatencyMs", $"is {o.WebRtc.ReceiveLatencyMs}; it must be 0..1000");
        Check(o.WebRtc.VideoBitrateKbps is >= 100 and <= 50_000, "WebRtc:VideoBitrateKbps", $"is {o.WebRtc.VideoBitrateKbps}; it must be 100..50000");
        Check(Enum.IsDefined(o.WebRtc.VideoCodec), "WebRtc:VideoCodec", $"is {o.WebRtc.VideoCodec}; it must be Auto, Vp8 or H264");
        Check(Enum.IsDefined(o.WebRtc.HardwareEncoder), "WebRtc:HardwareEncoder", $"is {o.WebRtc.HardwareEncoder}; it must be Auto or Off");
        Check(o.WebRtc.StunServers.All(s => s.StartsWith("stun:", StringComparison.OrdinalIgnoreCase) || s.StartsWith("stun://", StringComparison.OrdinalIgnoreCase)), "WebRtc:StunServers", "must hold stun:host:port entries");
        Check(o.WebRtc.TurnServer is null || o.WebRtc.TurnServer.StartsWith("turn", StringComparison.OrdinalIgnoreCase), "WebRtc:TurnServer", "must be turn://user:password@host:port");
        o.Capacity.Check((ok, key, message) => Check(ok, $"Capacity:{key}", message));
        OpsOptionsValidation.Check(o, Check);
        o.Speech.Validate(Check);
        o.AvatarCreator.Validate(Check);
        o.Conversation.Validate(Check);
        o.Cluster.Validate(Check);
        try
        {
            var providers = o.ParseProviders();
            Check(providers is null || providers.Distinct().Count() == providers.Count, "Providers", $"is '{o.Providers}'; it names a provider twice");
        }
        catch (FormatException e)
        {
            Check(false, "Providers", e.Message);
        }

        Check(o.Gpu.DeviceId >= 0, "Gpu:DeviceId", $"is {o.Gpu.DeviceId}; it must be 0 or more");
        Check(o.Gpu.CudaMemoryLimitMiB >= 0, "Gpu:CudaMemoryLimitMiB", $"is {o.Gpu.CudaMemoryLimitMiB}; it must be 0 (no limit) or more");
        try
        {
            MelAlignmentOffset.Parse(o.MelAlignment);
        }
        catch (FormatException e)
        {
            Check(false, "MelAlignment", e.Message.TrimEnd('.'));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>True for a safe avatar name (a directory name, never a path).</summary>
    public static bool IsName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
