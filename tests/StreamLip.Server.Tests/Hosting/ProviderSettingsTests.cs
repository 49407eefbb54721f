using System.Net.Http.Json;
using System.Text.Json;
using StreamLip.Server.Options;

namespace StreamLip.Server.Tests.Hosting;

/// <summary>
/// <c>StreamLip:Providers</c> on the real server and its CPU build of ONNX Runtime: a GPU provider asked for is
/// skipped with one warning (event 104) saying what to do, and the CPU runs the model; <c>auto</c> asks only for what
/// the build has, so a CPU machine starts without warnings.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ProviderSettingsTests(AvatarFixture avatars)
{
    [Fact]
    public async Task A_gpu_provider_the_build_lacks_is_skipped_with_one_warning_and_the_cpu_runs_the_model()
    {
        using var factory = new ServerFactory(avatars, new Dictionary<string, string?> { ["StreamLip:Providers"] = "Cuda,Cpu" });
        using var client = factory.CreateClient();

        using var stats = JsonDocument.Parse(await client.GetStringAsync("/api/stats"));

        Assert.Equal("CPUExecutionProvider", stats.RootElement.GetProperty("engine").GetProperty("provider").GetString());
        var warning = Assert.Single(factory.Logs.Lines, l => l.Id.Id == 104);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.StartsWith("Execution provider skipped, Cuda: not in this ONNX Runtime build (1.32.0, it has CPUExecutionProvider)", warning.Message, StringComparison.Ordinal);
        Assert.EndsWith("STREAMLIP_ONNXRUNTIME=gpu ./streamlip setup", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_asks_for_what_the_build_has_and_logs_nothing_skipped()
    {
        using var factory = new ServerFactory(avatars);
        using var client = factory.CreateClient();

        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/stats")).StatusCode);
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Id.Id == 104);
        Assert.Contains(factory.Logs.Lines, l => l.Id.Id == 100 && l.Message.Contains("provider CPUExecutionProvider", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Cuda,Gpu", "StreamLip:Providers is 'Cuda,Gpu'; 'Gpu' is not one of TensorRT, Cuda, Cpu, or use auto")]
    [InlineData("Cpu,cpu", "StreamLip:Providers is 'Cpu,cpu'; it names a provider twice")]
    [InlineData(" , ", "StreamLip:Providers is ' , '; name at least one provider (e.g. Cpu), or auto")]
    public void A_bad_provider_list_is_named_with_how_to_set_it(string value, string expected)
    {
        var o = new ServerOptions { Providers = value };

        var failures = new ServerOptionsValidator().Validate(null, o).Failures ?? [];

        Assert.Contains(failures, f => f.StartsWith(expected, StringComparison.Ordinal) && f.Contains("STREAMLIP__PROVIDERS", StringComparison.Ordinal));
    }

    [Fact]
    public void Gpu_settings_are_checked_and_the_tensorrt_cache_defaults_under_the_project()
    {
        var o = new ServerOptions();
        o.Gpu.DeviceId = -1;
        o.Gpu.CudaMemoryLimitMiB = -1;
        new ServerOptionsDefaults("/srv/streamlip").PostConfigure(null, o);

        var failures = new ServerOptionsValidator().Validate(null, o).Failures ?? [];

        Assert.Equal("/srv/streamlip/.cache/tensorrt", o.Gpu.TensorRtCacheDirectory);
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Gpu:DeviceId is -1", StringComparison.Ordinal) && f.Contains("STREAMLIP__GPU__DEVICEID", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Gpu:CudaMemoryLimitMiB is -1", StringComparison.Ordinal));
        Assert.Equal(["Cuda", "Cpu"], new ServerOptions { Providers = "cuda, CPU" }.ParseProviders()!.Select(p => p.ToString()));
        Assert.Null(new ServerOptions().ParseProviders());
    }
}
