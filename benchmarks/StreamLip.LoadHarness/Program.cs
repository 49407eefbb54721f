using StreamLip.LoadHarness;
using StreamLip.LoadHarness.Reporting;
using StreamLip.LoadHarness.Rounds;
using StreamLip.LoadHarness.Server;
using StreamLip.LoadHarness.Speech;
using StreamLip.Media;

HarnessOptions? options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"load harness: {e.Message}{Environment.NewLine}{HarnessOptions.Usage}");
    return 2;
}

if (options is null)
{
    Console.WriteLine(HarnessOptions.Usage);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var time = TimeProvider.System;
var log = Console.Error;
string work = Path.Combine(Path.GetTempPath(), "streamlip-load", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
try
{
    GStreamerRuntime.EnsureInitialized();
    var speech = SpeechLoop.Create(work);
    await log.WriteLineAsync($"speech loop: {speech.Seconds:F1} s, {speech.SpeechSeconds:F1} s of it speech (espeak-ng en-us)");

    await using IServerTarget server = options.Url is { } url
        ? new RemoteServer(url, options.ServerPid ?? ServerProcessLocator.FindListener(url.Port), options.ApiKey)
        : await InProcessServer.StartAsync(options.ServerSettings, cancel.Token);
    await log.WriteLineAsync($"server: {server.Description}");

    using var api = new SignallingClient(server.BaseAddress, server.ApiKey);
    var stats = await api.StatsAsync(cancel.Token);
    await log.WriteLineAsync($"engine: {stats.Engine.Model} on {stats.Engine.Provider}, face {stats.Engine.FaceSize}, batch {stats.Engine.BatchPerSession}/session, budget {stats.Engine.LatencyBudgetMs} ms, max sessions {stats.Engine.MaxSessions}");
    if (options.Sessions.Max() > stats.Engine.MaxSessions)
    {
        await log.WriteLineAsync($"warning: the server allows {stats.Engine.MaxSessions} sessions; larger rounds will be refused");
    }

    if (options.SoakMinutes is not null)
    {
        return await StreamLip.LoadHarness.Soak.SoakReport.RunAsync(options, server, api, speech, time, log, cancel.Token);
    }

    IMicrophoneSource microphone = options.LightClients ? EncodedSpeech.Encode(speech) : speech;
    var runner = new RoundRunner(server, api, microphone, options.Codec, options.LightClients, time, log);
    var rounds = new List<RoundResult>();
    foreach (int n in options.Sessions)
    {
        await log.WriteLineAsync($"round: {n} session(s)");
        rounds.Add(await runner.RunAsync(n, options.Seconds, options.WarmupSeconds, cancel.Token));
    }

    var ci = System.Globalization.CultureInfo.InvariantCulture;
    string video = options.Codec == StreamLip.Media.WebRtc.WebRtcVideoCodec.H264 ? "H.264" : "VP8";
    string clients = options.LightClients
        ? "light: Opus encoded once and shared, video depayloaded and counted, not decoded"
        : "each client encodes its microphone and decodes the video";
    string speechText = string.Create(
        ci,
        $"webrtcbin each, Opus microphone sendrecv and {video} recvonly; {clients}; microphone = espeak-ng speech loop of {speech.Seconds:F1} s ({speech.SpeechSeconds:F1} s speech), pushed every 20 ms in real time, clients spread over the loop.");
    string report = MarkdownReport.Write(rounds, server.InProcess, server.Description, "dotnet run -c Release --project benchmarks/StreamLip.LoadHarness -- " + options.CommandLine, speechText);
    Console.WriteLine(report);
    if (options.OutFile is { } file)
    {
        await File.WriteAllTextAsync(file, report, cancel.Token);
    }

    return 0;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await log.WriteLineAsync("load harness: cancelled");
    return 130;
}
finally
{
    if (Directory.Exists(work))
    {
        Directory.Delete(work, recursive: true);
    }
}
