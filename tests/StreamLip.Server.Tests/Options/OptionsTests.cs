using StreamLip.Server.Options;

namespace StreamLip.Server.Tests.Options;

public sealed class OptionsTests
{
    private static readonly string Home = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    private static ServerOptions Resolved(Action<ServerOptions>? change = null)
    {
        var options = new ServerOptions();
        change?.Invoke(options);
        new ServerOptionsDefaults(Home).PostConfigure(null, options);
        return options;
    }

    [Fact]
    public void Defaults_point_into_the_project_and_fall_back_to_the_test_model()
    {
        var o = Resolved();

        bool demo = File.Exists(Path.Combine(Home, StreamLipHome.DemoModel));
        Assert.Equal(Path.Combine(Home, demo ? StreamLipHome.DemoModel : StreamLipHome.TestModel), o.ModelPath);
        Assert.Equal(Path.Combine(Home, "models", "avatars"), o.AvatarsDirectory);
        Assert.Equal(Path.Combine(Home, "web"), o.WebRoot);
        Assert.Equal((5, 16, 64, 100), (o.BatchPerSession, o.MaxSessions, o.MaxRunFrames, o.ProcessingMarginMs));
        Assert.Equal((VideoCodec.Auto, HardwareEncoder.Auto, 64 * 1024), (o.WebRtc.VideoCodec, o.WebRtc.HardwareEncoder, o.WebRtc.MaxSdpBytes));
        Assert.Null(o.ToRealtimeOptions().AlignmentOffsetFrames);
        Assert.True(o.ToRealtimeOptions().AdaptiveMargin); // the margin is measured; ProcessingMarginMs caps it
    }

    [Fact]
    public void Every_bad_setting_is_named_with_how_to_set_it()
    {
        var o = Resolved(o =>
        {
            o.ModelPath = "models/none.onnx";
            o.BatchPerSession = 0;
            o.MaxSessions = 0;
            o.ProcessingMarginMs = -5;
            o.MelAlignment = "sideways";
            o.DefaultAvatar = "../etc";
            o.WebRtc.MaxSdpBytes = 10;
            o.WebRtc.StunServers.Add("http://example");
            o.NativeMemoryTrimSeconds = -1;
            o.WebRtc.VideoCodec = (VideoCodec)9;
            o.WebRtc.HardwareEncoder = (HardwareEncoder)5;
        });

        var result = new ServerOptionsValidator().Validate(null, o);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("StreamLip:ModelPath is ", StringComparison.Ordinal) && f.Contains("none.onnx, which does not exist", StringComparison.Ordinal) && f.Contains("STREAMLIP__MODELPATH", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:BatchPerSession is 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:MaxSessions is 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:ProcessingMarginMs is -5", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:MelAlignment 'sideways'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:DefaultAvatar is '../etc'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:WebRtc:MaxSdpBytes is 10", StringComparison.Ordinal) && f.Contains("STREAMLIP__WEBRTC__MAXSDPBYTES", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:WebRtc:StunServers", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:NativeMemoryTrimSeconds is -1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:WebRtc:VideoCodec is 9; it must be Auto, Vp8 or H264", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:WebRtc:HardwareEncoder is 5; it must be Auto or Off", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("model", null)]
    [InlineData("inference", 0)]
    [InlineData("Training", -1)]
    [InlineData("2", 2)]
    public void Mel_alignment_reads_names_and_offsets(string value, int? expected) =>
        Assert.Equal(expected, MelAlignmentOffset.Parse(value));

    [Fact]
    public async Task The_server_refuses_to_start_on_invalid_settings_with_exit_code_2()
    {
        int code = await ServerHost.RunAsync(["--urls", "http://127.0.0.1:0", "--StreamLip:ModelPath=/nonexistent/model.onnx", "--Logging:LogLevel:Default=None"], CancellationToken.None);

        Assert.Equal(2, code);
    }

    [Fact]
    public async Task The_server_stops_cleanly_when_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var dir = Directory.CreateTempSubdirectory("streamlip-avatars-");
        try
        {
            var run = ServerHost.RunAsync(["--urls", "http://127.0.0.1:0", $"--StreamLip:AvatarsDirectory={dir.FullName}", "--Logging:LogLevel:Default=None"], cts.Token);
            await Task.Delay(1000);
            Assert.False(run.IsCompleted, "the server should be running");

            await cts.CancelAsync();

            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
