using System.Globalization;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;

namespace StreamLip.Media.Audio;

/// <summary>Decodes any audio file GStreamer can read (WAV, Ogg/Opus, MP3, the audio of an MP4...) to float PCM.</summary>
public static class AudioFileDecoder
{
    /// <summary>
    /// Decodes <paramref name="path"/>'s first audio stream, converted and resampled to
    /// <paramref name="sampleRate"/> Hz and <paramref name="channels"/> channels.
    /// </summary>
    /// <returns>Interleaved samples in [-1, 1]; length = frames × <paramref name="channels"/>.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Empty, not a media file, no audio stream, a WAV header that is cut off or
    /// declares more data than the file holds or an unusable sample format, or corrupt; the message names the file.</exception>
    /// <exception cref="GStreamerUnavailableException">GStreamer or one of its elements is not installed.</exception>
    public static float[] Decode(string path, int sampleRate = 16000, int channels = 1, CancellationToken cancellationToken = default) =>
        Decode(path, sampleRate, channels, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>
    /// As <see cref="Decode(string, int, int, CancellationToken)"/>, refusing audio longer than <paramref name="maxDuration"/>
    /// (for inputs from the network: the decode stops as soon as the limit is passed, before the whole file is read).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="sampleRate">Output rate, Hz.</param>
    /// <param name="channels">Output channels.</param>
    /// <param name="maxDuration">The longest audio accepted; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Stops the decode.</param>
    /// <exception cref="InvalidDataException">As the other overload.</exception>
    /// <exception cref="AudioTooLongException">The audio is longer than <paramref name="maxDuration"/> (from a WAV header
    /// before decoding, otherwise as soon as the decode passes it).</exception>
    public static float[] Decode(string path, int sampleRate, int channels, TimeSpan maxDuration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 384_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 64);
        MediaFileErrors.ThrowIfMissing(path);
        AudioFileCheck.ThrowIfBroken(path, maxDuration);
        long maxSamples = maxDuration == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : (long)Math.Ceiling(maxDuration.TotalSeconds * sampleRate) * channels;
        GStreamerRuntime.RequireElements("filesrc", "decodebin", "audioconvert", "audioresample", "appsink");

        // The path goes in through the location property: no quoting problems in the description.
        string launch = string.Create(
            CultureInfo.InvariantCulture,
            $"filesrc name=src ! decodebin name=dec ! audioconvert ! audioresample ! audio/x-raw,format=F32LE,layout=interleaved,rate={sampleRate},channels={channels} ! appsink name=sink sync=false max-buffers=16");
        using var pipeline = GstPipeline.Parse(launch);
        GObjectProperty.Set(pipeline.GetElement("src"), "location", path);
        GstObjectHandle sink = pipeline.GetElement("sink");
        using var guard = DecodeGuard.ForAudio(pipeline.GetElement("dec"), path);

        // The samples go into fixed chunks and are copied once into an array of the exact length: the peak is twice the
        // audio (a doubling array plus its final copy was up to four times), and nothing is kept by a shared pool.
        var chunks = new SampleChunks();
        bool headerChecked = false;
        try
        {
            pipeline.Play();
            nint sample;
            while ((sample = pipeline.PullSample(sink, cancellationToken)) != 0)
            {
                try
                {
                    chunks.Append(Gst.gst_sample_get_buffer(sample));
                }
                finally
                {
                    Gst.gst_mini_object_unref(sample);
                }

                if (chunks.Count > maxSamples)
                {
                    throw new AudioTooLongException(path, maxDuration, declared: null);
                }

                if (!headerChecked && maxDuration != Timeout.InfiniteTimeSpan)
                {
                    // The first sample has passed the demuxer and parser: what they know of the length is known now.
                    ThrowIfDeclaredTooLong(pipeline, path, maxDuration);
                    headerChecked = true;
                }
            }

            if (chunks.Count == 0)
            {
                // A refused stream can end in EOS rather than an error when its pad is left unlinked.
                throw guard.Refusal is { } refusal ? new InvalidDataException(refusal)
                    : guard.Skipped is { } media ? new InvalidDataException($"'{path}' has no audio stream: it holds {media}.")
                    : new InvalidDataException($"'{path}' decoded to no audio samples.");
            }

            // A trailing partial frame cannot happen with interleaved F32 caps; keep whole frames regardless.
            return chunks.ToArray(chunks.Count - (chunks.Count % channels));
        }
        catch (GStreamerPipelineException e)
        {
            throw guard.Refusal is { } refusal ? new InvalidDataException(refusal, e)
                : guard.Skipped is { } media && e.IsMissingStream ? new InvalidDataException($"'{path}' has no audio stream: it holds {media}.", e)
                : MediaFileErrors.Translate(path, "audio", e);
        }
    }

    /// <summary>
    /// Refuses a file whose container or parser states a duration well past the budget (a FLAC header, an MP4's), so
    /// it is not decoded up to the budget first. The margin allows for an estimate (an MP3's from its bit rate); the
    /// decode stops at the budget regardless.
    /// </summary>
    private static void ThrowIfDeclaredTooLong(GstPipeline pipeline, string path, TimeSpan maxDuration)
    {
        if (pipeline.QueryDuration() is { } declared && declared > (maxDuration * 1.1) + TimeSpan.FromSeconds(1))
        {
            throw new AudioTooLongException(path, maxDuration, declared);
        }
    }

    /// <summary>Decoded samples in chunks of 64 Ki floats (256 KB), copied once at the end.</summary>
    private sealed class SampleChunks
    {
        private const int ChunkLength = 1 << 16;
        private readonly List<float[]> _full = [];
        private float[] _current = new float[ChunkLength];
        private int _used;

        /// <summary>Samples held.</summary>
        public long Count => ((long)_full.Count * ChunkLength) + _used;

        /// <summary>Copies a buffer of F32 samples after the ones held.</summary>
        public unsafe void Append(nint buffer)
        {
            if (buffer == 0)
            {
                return;
            }

            nuint bytes = Gst.gst_buffer_get_size(buffer);
            nuint offset = 0;
            while (offset < bytes)
            {
                if (_used == ChunkLength)
                {
                    _full.Add(_current);
                    _current = new float[ChunkLength];
                    _used = 0;
                }

                nuint take = Math.Min(bytes - offset, (nuint)((ChunkLength - _used) * sizeof(float)));
                nuint copied;
                fixed (float* destination = &_current[_used])
                {
                    copied = Gst.gst_buffer_extract(buffer, offset, destination, take);
                }

                if (copied == 0)
                {
                    return;
                }

                offset += copied;
                _used += (int)(copied / sizeof(float));
            }
        }

        /// <summary>The first <paramref name="length"/> samples, in one array.</summary>
        public float[] ToArray(long length)
        {
            float[] result = GC.AllocateUninitializedArray<float>(checked((int)length));
            Span<float> rest = result;
            foreach (float[] chunk in _full.Append(_current))
            {
                int n = Math.Min(rest.Length, chunk.Length);
                chunk.AsSpan(0, n).CopyTo(rest);
                rest = rest[n..];
            }

            return result;
        }
    }
}
