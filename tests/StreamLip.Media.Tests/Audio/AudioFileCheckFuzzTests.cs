using System.Text;
using CsCheck;
using StreamLip.Media.Audio;
using StreamLip.Tests.BadInput;
using StreamLip.Tests.Fuzz;
using Xunit.Abstractions;

namespace StreamLip.Media.Tests.Audio;

/// <summary>
/// Fuzz property of the WAV header check (issue #14 item 5), which runs before GStreamer sees an uploaded or rendered
/// file: any file passes, or is refused with <see cref="InvalidDataException"/> or <see cref="AudioTooLongException"/>.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class AudioFileCheckFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamlip-wav-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Any_file_passes_or_is_refused_as_invalid_data_or_too_long()
    {
        byte[] pcm = BadAudioFiles.Pcm(0.01);
        byte[] wav = BadAudioFiles.Wav(pcm, dataSize: null);
        var files = Mutations.Of(
            wav,
            BadAudioFiles.Wav(pcm, dataSize: 0xFFFFFFFF),
            BadAudioFiles.Wav(pcm, dataSize: null, tag: 3, channels: 2, rate: 48000, bits: 32),
            BadAudioFiles.Wav(pcm, dataSize: null, tag: 0xFFFE, bits: 24),
            WithChunk(wav, "LIST", "INFOISFT\u0005\0\0\0fuzz\0"));

        // The duration limit is a few milliseconds (or none), so that "too long" is one of the outcomes.
        FuzzProperty.Check(
            output,
            cases: 2000,
            Gen.Select(files, Gen.Bool),
            input =>
            {
                // One file per thread: CsCheck samples on every core.
                string path = Path.Combine(_dir, $"{Environment.CurrentManagedThreadId}.wav");
                File.WriteAllBytes(path, input.Item1);
                AudioFileCheck.ThrowIfBroken(path, input.Item2 ? TimeSpan.FromMilliseconds(5) : Timeout.InfiniteTimeSpan);
            },
            input => input.Item1.Length,
            input => $"{FuzzProperty.Hex(input.Item1)}, limited: {input.Item2}",
            typeof(InvalidDataException),
            typeof(AudioTooLongException));
    }

    // A chunk inserted between "fmt " and "data", as tagging tools write them.
    private static byte[] WithChunk(byte[] wav, string id, string body)
    {
        byte[] chunk = Encoding.ASCII.GetBytes(id + "\0\0\0\0" + body);
        BitConverter.TryWriteBytes(chunk.AsSpan(4), body.Length);
        return [.. wav[..36], .. chunk, .. wav[36..]];
    }
}
