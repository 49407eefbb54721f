using System.Diagnostics;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Server.Tests.Speech;

/// <summary>An output that keeps every frame with the wall-clock time it was pushed, and tells rest from motion.</summary>
internal sealed class RecordingSink : IMediaSink
{
    private readonly Lock _gate = new();
    private readonly List<(long PushedAt, byte[] Bgrx)> _video = [];

    public event Action<Exception>? Failed;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _video.Count;
            }
        }
    }

    public void PushVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts)
    {
        lock (_gate)
        {
            _video.Add((Stopwatch.GetTimestamp(), bgrx.ToArray()));
        }
    }

    public void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts)
    {
    }

    public IReadOnlyList<(long PushedAt, byte[] Bgrx)> Frames()
    {
        lock (_gate)
        {
            return [.. _video];
        }
    }

    /// <summary>Indexes of the frames that are none of <paramref name="rest"/> (the avatar's own loop frames).</summary>
    public List<int> Moving(IReadOnlyList<byte[]> rest, int from = 0)
    {
        var frames = Frames();
        return [.. Enumerable.Range(from, Math.Max(0, frames.Count - from)).Where(i => !rest.Any(r => r.AsSpan().SequenceEqual(frames[i].Bgrx)))];
    }

    public void Fail(Exception e) => Failed?.Invoke(e);

    public void Dispose()
    {
    }
}
