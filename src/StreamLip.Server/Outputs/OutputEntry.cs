using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Server.Outputs;

/// <summary>One output the manager added to a session.</summary>
/// <param name="Id">Its id in URLs.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Target">Where it goes, without secrets (redacted URL, file name, device).</param>
/// <param name="StartedAt">When it was added (UTC).</param>
/// <param name="Sink">The output (owned by the session while added).</param>
internal sealed record OutputEntry(string Id, OutputKind Kind, string Target, DateTimeOffset StartedAt, IMediaSink Sink);
