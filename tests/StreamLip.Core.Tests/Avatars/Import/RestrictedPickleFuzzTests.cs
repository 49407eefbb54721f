using CsCheck;
using StreamLip.Avatars;
using StreamLip.Avatars.Import;
using StreamLip.Tests.Fuzz;
using Xunit.Abstractions;

namespace StreamLip.Core.Tests.Avatars.Import;

/// <summary>
/// Fuzz properties of the restricted pickle reader and of LiveTalking's coords.pkl (issue #14 item 5), seeded with the
/// pickles Python and NumPy wrote in <see cref="RestrictedPickleTests"/>.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class RestrictedPickleFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Gen<byte[]> Pickles = Mutations.Of([.. new[]
    {
        RestrictedPickleTests.NumpyBoxes, RestrictedPickleTests.PlainProtocol2, RestrictedPickleTests.NumpyProtocol3,
        RestrictedPickleTests.NumpyMixedBigEndian, RestrictedPickleTests.Misc,
    }.Select(Convert.FromHexString)]);

    private readonly string _dir = TestFrames.TempDirectory();

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Any_bytes_unpickle_to_plain_data_or_are_refused_as_invalid_data() =>
        FuzzProperty.Check(output, cases: 10000, Pickles, bytes => RestrictedPickle.Read(bytes, "coords.pkl"), bytes => bytes.Length, FuzzProperty.Hex, typeof(InvalidDataException));

    [Fact]
    public void Any_coords_file_gives_non_empty_boxes_or_is_refused_as_an_avatar_error()
    {
        Directory.CreateDirectory(_dir);
        FuzzProperty.Check(
            output,
            cases: 2000,
            Pickles,
            bytes =>
            {
                // One file per thread: CsCheck samples on every core.
                string path = Path.Combine(_dir, $"coords-{Environment.CurrentManagedThreadId}.pkl");
                File.WriteAllBytes(path, bytes);
                foreach (var box in LiveTalkingCoords.Read(path))
                {
                    Assert.True(box.Width > 0 && box.Height > 0, $"box {box} is empty");
                }
            },
            bytes => bytes.Length,
            FuzzProperty.Hex,
            typeof(AvatarException));
    }
}
