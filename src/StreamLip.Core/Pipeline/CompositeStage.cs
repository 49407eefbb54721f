using System.Buffers;
using System.Threading.Channels;
using StreamLip.Avatars;
using StreamLip.Compositing;

namespace StreamLip.Pipeline;

/// <summary>
/// Pastes each generated face onto its avatar frame. One per session: owns the session's compositor (and its
/// scratch buffers); returns each generated face buffer to the pool; rents each output frame (the sink returns it).
/// </summary>
public sealed class CompositeStage : IDisposable
{
    private readonly Avatar _avatar;
    private readonly ChannelReader<GeneratedFrame> _input;
    private readonly ChannelWriter<ComposedFrame> _output;
    private readonly FaceCompositor _compositor;

    /// <summary>Creates the stage for one avatar.</summary>
    /// <param name="avatar">Frames and boxes to paste onto.</param>
    /// <param name="input">Generated faces in.</param>
    /// <param name="output">Finished frames out; completed when the input completes.</param>
    /// <param name="mask">Feathering of the pasted lower face (defaults when null).</param>
    public CompositeStage(Avatar avatar, ChannelReader<GeneratedFrame> input, ChannelWriter<ComposedFrame> output, FeatherMask? mask = null)
    {
        _avatar = avatar;
        _input = input;
        _output = output;
        // The box never exceeds the frame (boxes are clipped at build), so the frame size bounds the scratch buffers.
        _compositor = new FaceCompositor(avatar.Width, avatar.Height, mask);
    }

    /// <summary>Runs until the input completes (then completes the output) or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var generated in _input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var frame = ArrayPool<byte>.Shared.Rent(_avatar.FrameBytes);
                try
                {
                    Compose(generated, frame);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(frame);
                    throw;
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(generated.Face);
                }

                await _output.WriteAsync(new ComposedFrame(generated.Index, frame), cancellationToken).ConfigureAwait(false);
            }

            _output.TryComplete();
        }
        catch (Exception e)
        {
            _output.TryComplete(e);
            throw;
        }
    }

    /// <summary>Draws one output frame into <paramref name="destination"/> (at least <see cref="Avatar.FrameBytes"/> bytes).</summary>
    public void Compose(in GeneratedFrame generated, Span<byte> destination)
    {
        var target = destination[.._avatar.FrameBytes];
        _avatar.Frame(generated.CacheFrame).CopyTo(target);
        _compositor.Paste(generated.Face, _avatar.FaceSize, _avatar.Box(generated.CacheFrame), target, _avatar.Width, _avatar.Height, _avatar.Width * 4);
    }

    /// <inheritdoc/>
    public void Dispose() => _compositor.Dispose();
}
