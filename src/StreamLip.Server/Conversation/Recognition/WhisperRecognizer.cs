using System.Buffers;
using System.Text;
using StreamLip.Audio;
using Whisper.net;

namespace StreamLip.Server.Conversation.Recognition;

/// <summary>
/// whisper.cpp through Whisper.net: the utterance is kept as it is spoken (16 kHz floats, up to 120 s) and decoded as
/// one at its end, on the thread pool; whisper does not stream, so there are no partial results. One processor (whisper.cpp's
/// decoding state) per instance over the shared <see cref="WhisperModel"/>; one decoding at a time: the next utterance
/// may be spoken while the last is decoded, its decoding waits.
/// </summary>
internal sealed class WhisperRecognizer : ISpeechRecognizer
{
    private const int MaxSamples = 120 * MelSpectrogram.SampleRate;
    private readonly WhisperModel _model;
    private readonly WhisperProcessor _processor;
    private readonly SemaphoreSlim _decoding = new(1, 1); // the processor takes one caller at a time
    private float[] _samples = new float[MelSpectrogram.SampleRate * 4];
    private int _count;
    private bool _inUtterance;
    private int _disposed;

    internal WhisperRecognizer(WhisperModel model, WhisperProcessor processor)
    {
        _model = model;
        _processor = processor;
    }

    /// <inheritdoc/>
    public string Engine => "whisper";

    /// <inheritdoc/>
    public void Begin()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _count = 0;
        _inUtterance = true;
    }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<float> samples16k)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!_inUtterance)
        {
            return;
        }

        int n = Math.Min(samples16k.Length, MaxSamples - _count);
        if (_count + n > _samples.Length)
        {
            Array.Resize(ref _samples, Math.Min(MaxSamples, Math.Max(_samples.Length * 2, _count + n)));
        }

        samples16k[..n].CopyTo(_samples.AsSpan(_count));
        _count += n;
    }

    /// <inheritdoc/>
    public string? Partial() => null;

    /// <inheritdoc/>
    public Task<string> FinishAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        bool had = _inUtterance && _count > 0;
        _inUtterance = false;
        if (!had)
        {
            return Task.FromResult(string.Empty);
        }

        // Taken now (returned after its decoding): the next utterance may begin in _samples while this one decodes.
        float[] utterance = ArrayPool<float>.Shared.Rent(_count);
        _samples.AsSpan(0, _count).CopyTo(utterance);
        return DecodeAsync(utterance, _count, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _decoding.Wait(); // a decoding in flight ends first (its conversation cancels it before disposing)
        try
        {
            _processor.Dispose();
        }
        finally
        {
            _model.Release(); // _decoding is not disposed: a decoding that lost the race to Dispose still releases it
        }
    }

    private async Task<string> DecodeAsync(float[] utterance, int count, CancellationToken cancellationToken)
    {
        try
        {
            await _decoding.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ArrayPool<float>.Shared.Return(utterance);
            throw;
        }

        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var text = new StringBuilder();
            await foreach (SegmentData segment in _processor.ProcessAsync(utterance.AsMemory(0, count), cancellationToken).ConfigureAwait(false))
            {
                text.Append(segment.Text);
            }

            return text.ToString().Trim();
        }
        catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
        {
            throw new RecognitionException($"whisper.cpp could not transcribe the utterance ({count * 1000 / MelSpectrogram.SampleRate} ms) with {_model.Options.ModelPath}: {e.Message}", e);
        }
        finally
        {
            _decoding.Release();
            ArrayPool<float>.Shared.Return(utterance);
        }
    }
}
