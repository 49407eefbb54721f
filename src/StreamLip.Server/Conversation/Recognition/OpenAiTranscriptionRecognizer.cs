using System.Buffers.Binary;
using System.ClientModel;
using OpenAI.Audio;
using StreamLip.Audio;
using StreamLip.Server.Options;

namespace StreamLip.Server.Conversation.Recognition;

/// <summary>
/// An OpenAI-compatible <c>/v1/audio/transcriptions</c> endpoint (OpenAI, a local whisper.cpp or faster-whisper
/// server): the utterance is kept as it is spoken (up to 120 s) and sent as one 16 kHz WAV at its end; no partial
/// results. One utterance at a time; the upload of one may run on while the next is spoken.
/// </summary>
internal sealed class OpenAiTranscriptionRecognizer : ISpeechRecognizer
{
    private const int MaxSamples = 120 * MelSpectrogram.SampleRate;
    private readonly AudioClient _client;
    private readonly string _where;
    private short[] _pcm = new short[MelSpectrogram.SampleRate * 4];
    private int _count;
    private bool _inUtterance;

    public OpenAiTranscriptionRecognizer(EndpointOptions endpoint)
    {
        var target = new OpenAiEndpoint(endpoint);
        _where = target.Where;
        _client = new AudioClient(target.Model, target.Credential, target.ClientOptions);
    }

    /// <inheritdoc/>
    public string Engine => "openai";

    /// <inheritdoc/>
    public void Begin()
    {
        _count = 0;
        _inUtterance = true;
    }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<float> samples16k)
    {
        if (!_inUtterance)
        {
            return;
        }

        int n = Math.Min(samples16k.Length, MaxSamples - _count);
        if (_count + n > _pcm.Length)
        {
            Array.Resize(ref _pcm, Math.Min(MaxSamples, Math.Max(_pcm.Length * 2, _count + n)));
        }

        for (int i = 0; i < n; i++)
        {
            _pcm[_count + i] = (short)Math.Clamp(samples16k[i] * 32767f, -32768f, 32767f);
        }

        _count += n;
    }

    /// <inheritdoc/>
    public string? Partial() => null;

    /// <inheritdoc/>
    public Task<string> FinishAsync(CancellationToken cancellationToken)
    {
        if (!_inUtterance || _count == 0)
        {
            _inUtterance = false;
            return Task.FromResult(string.Empty);
        }

        _inUtterance = false;
        byte[] wav = Wav(_pcm.AsSpan(0, _count)); // taken now: the next utterance may begin while this one uploads
        return SendAsync(wav, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The client holds no unmanaged resources of its own.
    }

    /// <summary>16-bit mono 16 kHz RIFF/WAVE of <paramref name="pcm"/>.</summary>
    internal static byte[] Wav(ReadOnlySpan<short> pcm)
    {
        byte[] wav = new byte[44 + (pcm.Length * 2)];
        Span<byte> h = wav;
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h[4..], wav.Length - 8);
        "WAVEfmt "u8.CopyTo(h[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(h[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], MelSpectrogram.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], MelSpectrogram.SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(h[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(h[34..], 16);
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[40..], pcm.Length * 2);
        for (int i = 0; i < pcm.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(h[(44 + (2 * i))..], pcm[i]);
        }

        return wav;
    }

    private async Task<string> SendAsync(byte[] wav, CancellationToken cancellationToken)
    {
        try
        {
            using var audio = new MemoryStream(wav, writable: false);
            ClientResult<AudioTranscription> result = await _client.TranscribeAudioAsync(audio, "speech.wav", new AudioTranscriptionOptions(), cancellationToken).ConfigureAwait(false);
            return result.Value.Text ?? string.Empty;
        }
        catch (ClientResultException e)
        {
            throw new RecognitionException($"The transcription endpoint at {_where} {OpenAiEndpoint.Answered(e)}.", e);
        }
        catch (HttpRequestException e)
        {
            throw new RecognitionException($"The transcription endpoint at {_where} could not be reached: {e.Message}", e);
        }
    }
}
