using System.Globalization;
using BenchmarkDotNet.Attributes;
using StreamLip.Media;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;
using StreamLip.Media.Video;

namespace StreamLip.Benchmarks.Video;

/// <summary>
/// One BGRx frame to I420 for an encoder, per frame: the converter's three paths into a managed buffer; what the pushing
/// thread pays per frame before and now (a new GstBuffer filled with the BGRx, or with the I420 converted into it); and
/// the two ways of feeding an encoder's appsrc end to end — each push followed by pulling the result out of an
/// appsink, so both include one buffer allocation and one hand-over to the streaming thread. Baseline: what the peer
/// did before (a copy of the BGRx into a new buffer, then <c>videoconvert</c>); against it, the converter writing I420
/// into the mapped buffer. Content: the avatar's first frame at 512 × 512, random noise at 1280 × 720 (the conversion
/// does the same work for any content).
/// </summary>
[MemoryDiagnoser]
public class I420ConversionBenchmarks : IDisposable
{
    private const ulong FrameNs = 40_000_000;

    private byte[] _bgrx = [];
    private byte[] _i420 = [];
    private I420Converter? _scalar;
    private I420Converter? _vector128;
    private I420Converter? _vector256;
    private GstPipeline? _videoconvert;
    private GstPipeline? _direct;
    private GstObjectHandle? _videoconvertSource;
    private GstObjectHandle? _videoconvertSink;
    private GstObjectHandle? _directSource;
    private GstObjectHandle? _directSink;
    private ulong _pts;

    /// <summary>Frame size, width × height.</summary>
    [Params("512x512", "1280x720")]
    public string Size { get; set; } = "512x512";

    private int Width => int.Parse(Size.AsSpan(0, Size.IndexOf('x', StringComparison.Ordinal)), CultureInfo.InvariantCulture);

    private int Height => int.Parse(Size.AsSpan(Size.IndexOf('x', StringComparison.Ordinal) + 1), CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        int width = Width, height = Height;
        _bgrx = new byte[width * height * 4];
        string avatar = Path.Combine(StreamLipHome.DefaultAvatar, "frames.bgrx");
        if (width == 512 && height == 512 && File.Exists(avatar))
        {
            using FileStream frames = File.OpenRead(avatar);
            frames.ReadExactly(_bgrx);
        }
        else
        {
            new Random(42).NextBytes(_bgrx);
        }

        _scalar = new I420Converter(width, height, I420Path.Scalar);
        _vector128 = new I420Converter(width, height, I420Path.Vector128);
        _vector256 = new I420Converter(width, height, I420Path.Vector256);
        _i420 = new byte[_vector256.Layout.Size];

        GStreamerRuntime.EnsureInitialized();
        string bgrxCaps = string.Create(
            CultureInfo.InvariantCulture, $"video/x-raw,format=BGRx,width={width},height={height},framerate=25/1,pixel-aspect-ratio=1/1");
        (_videoconvert, _videoconvertSource, _videoconvertSink) = Start(
            $"appsrc name=src format=time caps=\"{bgrxCaps}\" ! videoconvert ! video/x-raw,format=I420 ! appsink name=sink sync=false");
        (_direct, _directSource, _directSink) = Start(
            $"appsrc name=src format=time caps=\"{I420Converter.Caps(width, height, 25)}\" ! appsink name=sink sync=false");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _videoconvert?.Dispose();
        _direct?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public void CopyThenVideoconvert()
    {
        AppSourcePush.Push(_videoconvertSource!, _bgrx, _pts += FrameNs, FrameNs);
        Pull(_videoconvert!, _videoconvertSink!);
    }

    [Benchmark]
    public void ConvertIntoPushedBuffer()
    {
        AppSourcePush.PushI420(_directSource!, _vector256!, _bgrx, _pts += FrameNs, FrameNs);
        Pull(_direct!, _directSink!);
    }

    /// <summary>What the pusher's thread pays before: the copy into a new buffer (freed here instead of pushed).</summary>
    [Benchmark]
    public unsafe void CopyIntoNewBuffer()
    {
        nint buffer = Gst.gst_buffer_new_allocate(0, (nuint)_bgrx.Length, 0);
        fixed (byte* source = _bgrx)
        {
            Gst.gst_buffer_fill(buffer, 0, source, (nuint)_bgrx.Length);
        }

        Gst.gst_mini_object_unref(buffer);
    }

    /// <summary>What it pays now: the conversion into a new buffer (freed here instead of pushed).</summary>
    [Benchmark]
    public void ConvertIntoNewBuffer() => Gst.gst_mini_object_unref(AppSourcePush.NewI420Buffer(_vector256!, _bgrx, _pts += FrameNs, FrameNs));

    [Benchmark]
    public void ConverterScalar() => _scalar!.Convert(_bgrx, _i420);

    [Benchmark]
    public void ConverterVector128() => _vector128!.Convert(_bgrx, _i420);

    [Benchmark]
    public void ConverterVector256() => _vector256!.Convert(_bgrx, _i420);

    private static (GstPipeline Pipeline, GstObjectHandle Source, GstObjectHandle Sink) Start(string launch)
    {
        var pipeline = GstPipeline.Parse(launch);
        pipeline.Play();
        return (pipeline, pipeline.GetElement("src"), pipeline.GetElement("sink"));
    }

    private static void Pull(GstPipeline pipeline, GstObjectHandle sink)
    {
        nint sample = pipeline.PullSample(sink, CancellationToken.None);
        Gst.gst_mini_object_unref(sample);
    }
}
