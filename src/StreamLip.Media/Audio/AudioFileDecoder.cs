using System.Buffers;
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
            $"filesrc name=src ! decodebin ! audioconvert ! audioresample ! audio/x-raw,format=F32LE,layout=interleaved,rate={sampleRate},channels={channels} ! appsink name=sink sync=false max-buffers=16");
        using GstPipeline pipeline = GstPipeline.Parse(launch);
        GObjectProperty.Set(pipeline.GetElement("src"), "location", path);
        GstObjectHandle sink = pipeline.GetElement("sink");

        // Room for 10 s of 16 kHz mono to start with (pooled); grows by doubling into plain arrays, which the GC gives back:
        // the shared pool would keep a long file's arrays for the life of the process.
        float[] samples = ArrayPool<float>.Shared.Rent(Math.Min(sampleRate * channels * 10, 1 << 20));
        float[] first = samples;
        int count = 0;
        try
        {
            pipeline.Play();
            nint sample;
            while ((sample = pipeline.PullSample(sink, cancellationToken)) != 0)
            {
                try
                {
                    count = Append(Gst.gst_sample_get_buffer(sample), ref samples, count);
                }
                finally
                {
                    Gst.gst_mini_object_unref(sample);
                }

                if (count > maxSamples)
                {
                    throw new AudioTooLongException(path, maxDuration, declared: null);
                }
            }

            if (count == 0)
            {
                throw new InvalidDataException($"'{path}' decoded to no audio samples.");
            }

            // A trailing partial frame cannot happen with interleaved F32 caps; keep whole frames regardless.
            return samples.AsSpan(0, count - (count % channels)).ToArray();
        }
        catch (GStreamerPipelineException e)
        {
            throw MediaFileErrors.Translate(path, "audio", e);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(first);
        }
    }

    /// <summary>Copies a buffer of F32 samples after <paramref name="count"/>, growing the rented array as needed.</summary>
    private static unsafe int Append(nint buffer, ref float[] samples, int count)
    {
        if (buffer == 0)
        {
            return count;
        }

        int floats = checked((int)(Gst.gst_buffer_get_size(buffer) / sizeof(float)));
        if (count + floats > samples.Length)
        {
            float[] larger = GC.AllocateUninitializedArray<float>(checked(Math.Max(samples.Length * 2, count + floats)));
            samples.AsSpan(0, count).CopyTo(larger);
            samples = larger;
        }

        fixed (float* destination = &samples[count])
        {
            Gst.gst_buffer_extract(buffer, 0, destination, (nuint)(floats * sizeof(float)));
        }

        return count + floats;
    }
}
