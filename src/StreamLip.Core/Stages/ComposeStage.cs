using System.Buffers;
using System.Threading.Channels;
using StreamLip.Avatars;
using StreamLip.Compositing;

namespace StreamLip.Stages;

/// <summary>
/// Pastes each generated face onto its avatar frame and writes the finished frame forward: the one compose stage of the
/// offline render and of every real-time session. Owns its input channel and the compositor (and its scratch
/// buffers); returns each generated face to the pool; rents each finished frame (the next stage returns it).
/// </summary>
/// <remarks>
/// Offline (no ledger): the input waits when full, every face is made, an exception ends <see cref="RunAsync"/>.
/// Real time (a session's ledger): the input drops its oldest face when full, a face whose frame is past is dropped
/// unmade, and an exception fails the session instead of escaping. The stage never completes its output: whoever
/// wires the line completes the next stage's input once this one's <see cref="RunAsync"/> has returned.
/// </remarks>
internal sealed class ComposeStage : IDisposable
{
    private readonly Avatar _avatar;
    private readonly Channel<GeneratedFace> _input;
    private readonly ChannelWriter<FrameResult> _output;
    private readonly TimeProvider _time;
    private readonly IStageLedger? _ledger;
    private readonly FaceCompositor _compositor;

    /// <param name="avatar">Frames and boxes to paste onto.</param>
    /// <param name="capacity">Faces the input holds.</param>
    /// <param name="output">Where finished frames go.</param>
    /// <param name="time">Clock for <see cref="FrameResult.Ready"/>.</param>
    /// <param name="ledger">The real-time session's deadline and counts; null offline.</param>
    /// <param name="mask">Feathering of the pasted lower face (defaults when null).</param>
    public ComposeStage(Avatar avatar, int capacity, ChannelWriter<FrameResult> output, TimeProvider time, IStageLedger? ledger = null, FeatherMask? mask = null)
    {
        _avatar = avatar;
        _output = output;
        _time = time;
        _ledger = ledger;
        _input = ledger is null
            ? StageChannel.Create<GeneratedFace>(capacity, FullChannelPolicy.Wait)
            : StageChannel.Create<GeneratedFace>(capacity, FullChannelPolicy.DropOldest, OnDropped);
        // The box never exceeds the frame (boxes are clipped at build), so the frame size bounds the scratch buffers.
        _compositor = new FaceCompositor(avatar.Width, avatar.Height, mask);
    }

    /// <summary>Generated faces in (the batch stage writes here).</summary>
    public ChannelWriter<GeneratedFace> Input => _input.Writer;

    /// <summary>Runs until the input completes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (GeneratedFace face in _input.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                FrameResult result;
                try
                {
                    if (_ledger?.IsPast(face.Index) == true)
                    {
                        _ledger.Stale();
                        continue;
                    }

                    result = Compose(face);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(face.Face);
                    _ledger?.Left();
                }

                if (!_output.TryWrite(result))
                {
                    await WriteAsync(result, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (_ledger is not null)
        {
            _ledger.Fail(e);
        }
    }

    /// <summary>Returns what is still queued to the pool (after the loop ended).</summary>
    public void Drain()
    {
        while (_input.Reader.TryRead(out GeneratedFace face))
        {
            ArrayPool<float>.Shared.Return(face.Face);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _compositor.Dispose();

    private FrameResult Compose(in GeneratedFace face)
    {
        byte[] frame = ArrayPool<byte>.Shared.Rent(_avatar.FrameBytes);
        try
        {
            Span<byte> target = frame.AsSpan(0, _avatar.FrameBytes);
            _avatar.Frame(face.CacheFrame).CopyTo(target);
            _compositor.Paste(face.Face, _avatar.FaceSize, _avatar.Box(face.CacheFrame), target, _avatar.Width, _avatar.Height, _avatar.Width * 4);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(frame);
            throw;
        }

        return new FrameResult(face.Index, frame, face.Arrival, _time.GetTimestamp());
    }

    private async ValueTask WriteAsync(FrameResult result, CancellationToken cancellationToken)
    {
        try
        {
            await _output.WriteAsync(result, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            result.Return(); // the next stage has closed (the line is stopping) or the render was cancelled
            throw;
        }
    }

    private void OnDropped(GeneratedFace face)
    {
        ArrayPool<float>.Shared.Return(face.Face);
        _ledger!.Dropped();
        _ledger.Left();
    }
}
