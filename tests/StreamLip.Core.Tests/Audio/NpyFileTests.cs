using System.Text;
using StreamLip.Audio;

namespace StreamLip.Core.Tests.Audio;

public sealed class NpyFileTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 80, 7 })]
    [InlineData(new[] { 2, 3, 4 })]
    [InlineData(new[] { 0, 80 })]
    public void Round_trips_through_a_stream(int[] shape)
    {
        int count = shape.Aggregate(1, (a, d) => a * d);
        float[] data = [.. Enumerable.Range(0, count).Select(i => (i * 0.37f) - 3f)];
        data = count > 0 ? [.. data.Take(count - 1), float.NegativeInfinity] : data;

        using var stream = new MemoryStream();
        NpyFile.Write(stream, data, shape);
        Assert.Equal(0, (stream.Length - (count * 4)) % 64); // header padded to 64 bytes
        stream.Position = 0;
        NpyArray read = NpyFile.Read(stream);

        Assert.Equal(shape, read.Shape.ToArray());
        Assert.Equal(data, read.Data.ToArray());
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public void Writes_the_header_numpy_writes()
    {
        using var stream = new MemoryStream();
        NpyFile.Write(stream, new float[6], [2, 3]);
        byte[] bytes = stream.ToArray();
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0], bytes[..8]);
        int headerLength = bytes[8] | (bytes[9] << 8);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header, StringComparison.Ordinal);
        Assert.EndsWith("\n", header, StringComparison.Ordinal);
        Assert.Equal(128 - 10, headerLength); // numpy: 118 for this dict

        stream.SetLength(0);
        NpyFile.Write(stream, new float[4], [4]);
        Assert.Contains("'shape': (4,), ", Encoding.ASCII.GetString(stream.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_files_numpy_wrote_and_writes_them_back_identically()
    {
        foreach (string name in new[] { "filterbank.npy", "short1234.npy", "tiny1.npy" })
        {
            string path = Path.Combine(GoldenData.Directory, name);
            NpyArray array = NpyFile.Read(path);
            using var stream = new MemoryStream();
            NpyFile.Write(stream, array.Data, array.Shape);
            Assert.Equal(File.ReadAllBytes(path), stream.ToArray());
        }
    }

    [Fact]
    public void Round_trips_through_a_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"streamlip-npy-{Guid.NewGuid():N}.npy");
        try
        {
            NpyFile.Write(path, [1f, 2f, 3f], [3]);
            Assert.Equal([1f, 2f, 3f], NpyFile.Read(path).Data.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }")]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }")]
    public void Rejects_what_it_cannot_read(string dict)
    {
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)(dict.Length + 1), 0]);
        stream.Write(Encoding.ASCII.GetBytes(dict + "\n"));
        stream.Write(new byte[8]);
        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => NpyFile.Read(stream));
    }

    [Fact]
    public void A_header_cut_short_is_invalid_data_not_an_end_of_stream()
    {
        // Found by NpyFileFuzzTests: shape (), header length 118, the file ends 100 bytes into the header.
        byte[] bytes = Convert.FromHexString("934E554D5059010076007B276465736372273A20273C6634272C2027666F727472616E5F6F72646572273A2046616C73652C20277368617065273A2028292C207D202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020");

        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(bytes)));
        Assert.Contains("its header is 118 bytes long, but only 100 follow", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "ends inside its magic and version")]
    [InlineData(9, "ends inside its header length")]
    [InlineData(130, "holds 24 bytes of float32 values, but only 2 follow the header")]
    public void A_file_cut_anywhere_is_invalid_data(int length, string problem)
    {
        using var stream = new MemoryStream();
        NpyFile.Write(stream, new float[6], [2, 3]);

        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(stream.ToArray()[..length])));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(536870912,)", "holds 2147483648 bytes of float32 values, but only 8 follow")]
    [InlineData("(2147483647, 2147483647, 2147483647)", "holds more than 2147483591 values")]
    [InlineData("(4294967296,)", "Malformed .npy shape")]
    public void A_shape_larger_than_the_data_is_refused_before_anything_is_allocated(string shape, string problem)
    {
        using var stream = new MemoryStream();
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}";
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)(dict.Length + 1), 0]);
        stream.Write(Encoding.ASCII.GetBytes(dict + "\n"));
        stream.Write(new byte[8]);
        stream.Position = 0;

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(stream));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_shape_that_does_not_fit_the_data() =>
        Assert.Throws<ArgumentException>(() => NpyFile.Write(new MemoryStream(), new float[5], [2, 3]));
}
