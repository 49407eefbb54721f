using StreamLip.LoadHarness.Speech;

namespace StreamLip.LoadHarness.Clients;

/// <summary>
/// Plays the speech loop into every registered client's microphone in real time: one 20 ms chunk per client per
/// 20 ms tick, each client at its own offset in the loop (so sessions do not all speak in unison). One loop on one
/// task serves every client; ticks are scheduled from the start time, so a late wake-up pushes the chunks it owes
/// (at most <see cref="MaxCatchUpChunks"/>, as a browser's capture queue would), never drifts.
/// </summary>
internal sealed class MicrophoneFeeder : IAsyncDisposable
{
    /// <summary>Chunks owed beyond this after a stall are dropped (200 ms): a real microphone's queue is short too.</summary>
    private const int MaxCatchUpChunks = 10;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);

    private readonly IMicrophoneSource _speech;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private (BrowserLikeClient Client, int Offset)[] _clients = [];
    private Task? _loop;
    private long _chunksDropped;

    public MicrophoneFeeder(IMicrophoneSource speech, TimeProvider time)
    {
        _speech = speech;
        _time = time;
    }

    /// <summary>Chunks skipped because the feeder woke up more than 200 ms late (all clients together).</summary>
    public long ChunksDropped => Interlocked.Read(ref _chunksDropped);

    /// <summary>Starts the loop.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Adds a client, starting <paramref name="offsetChunks"/> 20 ms chunks into the speech loop.</summary>
    public void Add(BrowserLikeClient client, int offsetChunks)
    {
        lock (_gate)
        {
            _clients = [.. _clients, (client, offsetChunks)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        long start = _time.GetTimestamp();
        long sent = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Chunk k is captured once its 20 ms are over, at (k + 1) × 20 ms.
            long due = (long)(_time.GetElapsedTime(start) / Tick);
            if (due - sent > MaxCatchUpChunks)
            {
                Interlocked.Add(ref _chunksDropped, (due - sent - MaxCatchUpChunks) * Volatile.Read(ref _clients).Length);
                sent = due - MaxCatchUpChunks;
            }

            for (; sent < due; sent++)
            {
                foreach (var (client, offset) in Volatile.Read(ref _clients))
                {
                    client.PushMicrophone(_speech.Chunk(offset, sent));
                }
            }

            TimeSpan wait = (Tick * (sent + 1)) - _time.GetElapsedTime(start);
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
