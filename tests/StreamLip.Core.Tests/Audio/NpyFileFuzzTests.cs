using StreamLip.Audio;
using StreamLip.Tests.Fuzz;
using Xunit.Abstractions;

namespace StreamLip.Core.Tests.Audio;

/// <summary>Fuzz property of the .npy reader (issue #14 item 5): any bytes read, or refused with <see cref="InvalidDataException"/>.</summary>
[Trait("Category", "Fuzz")]
public sealed class NpyFileFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Any_bytes_are_read_or_refused_as_invalid_data() =>
        FuzzProperty.Check(
            output,
            cases: 10000,
            Mutations.Of(Npy([]), Npy([3]), Npy([2, 3]), Npy([0, 4]), Version2(Npy([2, 2]))),
            bytes =>
            {
                var array = NpyFile.Read(new MemoryStream(bytes));
                Assert.Equal(array.Shape.ToArray().Aggregate(1L, (n, d) => n * d), array.Data.Length);
            },
            bytes => bytes.Length,
            FuzzProperty.Hex,
            typeof(InvalidDataException));

    private static byte[] Npy(int[] shape)
    {
        using var stream = new MemoryStream();
        NpyFile.Write(stream, [.. Enumerable.Range(0, shape.Aggregate(1, (n, d) => n * d)).Select(i => i * 0.5f)], shape);
        return stream.ToArray();
    }

    // The same header as version 2.0: a 4-byte header length.
    private static byte[] Version2(byte[] v1) => [.. v1[..6], 2, 0, v1[8], v1[9], 0, 0, .. v1[10..]];
}
