using System.Globalization;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;

namespace StreamLip.LoadHarness.Speech;

/// <summary>
/// The speech loop encoded once to Opus, one 20 ms packet per chunk, for light clients: they push these packets
/// instead of running an Opus encoder each (a browser encodes on its own machine; here every client shares the
/// server's two cores, so their encoders would be charged to the machine under test). 48 kHz mono, as
/// <see cref="BrowserLikeClient.OpusPacketCaps"/> says.
/// </summary>
internal sealed class EncodedSpeech : IMicrophoneSource
{
    private readonly byte[][] _packets;

    private EncodedSpeech(byte[][] packets) => _packets = packets;

    public int Chunks => _packets.Length;

    /// <summary>Encodes <paramref name="speech"/> with <c>opusenc audio-type=voice frame-size=20</c>.</summary>
    /// <exception cref="InvalidOperationException">The encoder gave no packets.</exception>
    public static unsafe EncodedSpeech Encode(SpeechLoop speech)
    {
        string launch = string.Create(
            CultureInfo.InvariantCulture,
            $"appsrc name=src format=time caps=\"audio/x-raw,format=F32LE,layout=interleaved,rate={BrowserLikeClient.AudioRate},channels=1\" " +
            $"! audioconvert ! opusenc audio-type=voice frame-size=20 ! appsink name=sink sync=false");
        using var pipeline = GstPipeline.Parse(launch);
        GstObjectHandle src = pipeline.GetElement("src");
        GstObjectHandle sink = pipeline.GetElement("sink");
        pipeline.Play();

        // The whole loop in one buffer (about 5 MiB), then end of stream; the appsink keeps every packet until pulled.
        ReadOnlySpan<float> samples = speech.Samples;
        nuint bytes = (nuint)(samples.Length * sizeof(float));
        nint buffer = Gst.gst_buffer_new_allocate(0, bytes, 0);
        fixed (float* data = samples)
        {
            Gst.gst_buffer_fill(buffer, 0, data, bytes);
        }

        GstLayout.SetTimestamps(buffer, 0, (ulong)(speech.Seconds * GstLayout.Second));
        GstApp.gst_app_src_push_buffer(src, buffer);
        GstApp.gst_app_src_end_of_stream(src);

        var packets = new List<byte[]>();
        nint sample;
        while ((sample = pipeline.PullSample(sink, CancellationToken.None)) != 0)
        {
            try
            {
                nint b = Gst.gst_sample_get_buffer(sample);
                byte[] packet = new byte[(int)Gst.gst_buffer_get_size(b)];
                fixed (byte* p = packet)
                {
                    Gst.gst_buffer_extract(b, 0, p, (nuint)packet.Length);
                }

                packets.Add(packet);
            }
            finally
            {
                Gst.gst_mini_object_unref(sample);
            }
        }

        return packets.Count > 0 ? new EncodedSpeech([.. packets]) : throw new InvalidOperationException("opusenc produced no packets for the speech loop.");
    }

    public ReadOnlySpan<byte> Chunk(int offsetChunks, long index) => _packets[(int)((offsetChunks + index) % _packets.Length)];
}
