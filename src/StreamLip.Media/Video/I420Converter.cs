using System.Globalization;
using System.Runtime.Intrinsics.X86;

namespace StreamLip.Media.Video;

/// <summary>
/// Converts BGRx frames to I420 in GStreamer's layout (<see cref="I420Layout"/>), the values bit for bit those of
/// <c>videoconvert</c> with its defaults: the matrix of <see cref="I420Matrix.ForHeight"/>, limited range, and each
/// chroma sample the 2 × 2 block's average taken as videoconvert takes it (the two rows first, then the two columns,
/// each <c>(a + b + 1) &gt;&gt; 1</c>). What an encoder is fed instead of a <c>videoconvert</c> pass: one read of the
/// BGRx frame, one write of the I420 frame, straight into the encoder's buffer.
/// </summary>
/// <remarks>Stateless after construction: one instance may serve several threads.</remarks>
internal sealed partial class I420Converter
{
    /// <summary>A converter for <paramref name="width"/> × <paramref name="height"/> frames (both even), on the fastest path.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side is odd or out of range.</exception>
    public I420Converter(int width, int height)
        : this(width, height, BestPath())
    {
    }

    /// <summary>A converter that runs <paramref name="path"/> (or the fastest one below it the CPU has).</summary>
    internal I420Converter(int width, int height, I420Path path)
    {
        Layout = I420Layout.For(width, height);
        Matrix = I420Matrix.ForHeight(height);
        Path = (I420Path)Math.Min((int)path, (int)BestPath());
    }

    /// <summary>Where the planes go in the output buffer.</summary>
    public I420Layout Layout { get; }

    /// <summary>The colour matrix (and the colorimetry the caps must name).</summary>
    public I420Matrix Matrix { get; }

    /// <summary>Bytes of one BGRx input frame, rows packed.</summary>
    public int BgrxBytes => Layout.Width * Layout.Height * 4;

    /// <summary>The implementation this instance runs.</summary>
    internal I420Path Path { get; }

    /// <summary>
    /// The raw-video caps of what <see cref="Convert(ReadOnlySpan{byte}, Span{byte})"/> writes for a
    /// <paramref name="width"/> × <paramref name="height"/> stream at <paramref name="fps"/>: I420 with the colorimetry
    /// named, so the encoder signals what the pixels hold, and chroma-site <c>jpeg</c> (centred: the 2 × 2 average).
    /// </summary>
    public static string Caps(int width, int height, int fps) => string.Create(
        CultureInfo.InvariantCulture,
        $"video/x-raw,format=I420,width={width},height={height},framerate={fps}/1,pixel-aspect-ratio=1/1," +
        $"colorimetry={I420Matrix.ForHeight(height).Colorimetry},chroma-site=jpeg");

    /// <summary>Converts one frame of packed BGRx rows into <paramref name="i420"/>.</summary>
    /// <param name="bgrx">Exactly <see cref="BgrxBytes"/> bytes.</param>
    /// <param name="i420">At least <see cref="I420Layout.Size"/> bytes; the padding bytes at row ends are not written.</param>
    /// <exception cref="ArgumentException">A buffer has the wrong size.</exception>
    public void Convert(ReadOnlySpan<byte> bgrx, Span<byte> i420)
    {
        if (bgrx.Length != BgrxBytes)
        {
            throw new ArgumentException(
                $"A {Layout.Width}×{Layout.Height} BGRx frame is {BgrxBytes} bytes; this one has {bgrx.Length}.", nameof(bgrx));
        }

        Convert(bgrx, Layout.Width * 4, i420);
    }

    /// <summary>Converts one frame whose BGRx rows are <paramref name="bgrxStride"/> bytes apart.</summary>
    /// <exception cref="ArgumentException">The stride is below 4 × width, or a buffer is too small.</exception>
    internal unsafe void Convert(ReadOnlySpan<byte> bgrx, int bgrxStride, Span<byte> i420)
    {
        I420Layout l = Layout;
        if (bgrxStride < l.Width * 4 || bgrx.Length < ((long)(l.Height - 1) * bgrxStride) + (l.Width * 4))
        {
            throw new ArgumentException(
                $"{bgrx.Length} bytes at a stride of {bgrxStride} do not hold a {l.Width}×{l.Height} BGRx frame.", nameof(bgrx));
        }

        if (i420.Length < l.Size)
        {
            throw new ArgumentException($"A {l.Width}×{l.Height} I420 frame is {l.Size} bytes; the buffer has {i420.Length}.", nameof(i420));
        }

        fixed (byte* source = bgrx)
        fixed (byte* target = i420)
        {
            for (int row = 0; row < l.Height; row += 2)
            {
                var rows = new RowPair(
                    source + ((long)row * bgrxStride),
                    source + ((long)(row + 1) * bgrxStride),
                    target + (row * l.YStride),
                    target + ((row + 1) * l.YStride),
                    target + l.UOffset + (row / 2 * l.ChromaStride),
                    target + l.VOffset + (row / 2 * l.ChromaStride));
                int x = Path == I420Path.Vector256 ? RowPair256(rows, l.Width, Matrix) : 0;
                x = Path != I420Path.Scalar ? RowPair128(rows, x, l.Width, Matrix) : x;
                RowPairScalar(rows, x, l.Width, Matrix);
            }
        }
    }

    /// <summary>The fastest path this CPU runs (the enum orders them slowest first).</summary>
    private static I420Path BestPath() =>
        Avx2.IsSupported ? I420Path.Vector256
        : Ssse3.IsSupported && Sse41.IsSupported ? I420Path.Vector128
        : I420Path.Scalar;

    /// <summary>
    /// Two BGRx rows in, their two Y rows and the one U and one V row they make out (each at pixel 0; a step of
    /// n pixels moves the sources by 4n bytes, the Y rows by n and the chroma rows by n / 2).
    /// </summary>
    private readonly unsafe struct RowPair(byte* source0, byte* source1, byte* y0, byte* y1, byte* u, byte* v)
    {
        public readonly byte* Source0 = source0;
        public readonly byte* Source1 = source1;
        public readonly byte* Y0 = y0;
        public readonly byte* Y1 = y1;
        public readonly byte* U = u;
        public readonly byte* V = v;
    }
}
