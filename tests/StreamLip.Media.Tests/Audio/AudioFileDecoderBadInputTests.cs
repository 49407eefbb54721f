using StreamLip.Media.Audio;
using StreamLip.Tests.BadInput;

namespace StreamLip.Media.Tests.Audio;

/// <summary>The bad audio corpus (tests/Shared/BadInput) against the decoder: each case is an <see cref="InvalidDataException"/>
/// that names the file and the problem, never a hang, a crash or silently half the audio.</summary>
[Collection(GStreamerCollection.Name)]
public sealed class AudioFileDecoderBadInputTests(GStreamerFixture fixture)
{
    [Theory]
    [MemberData(nameof(BadAudioFiles.Names), MemberType = typeof(BadAudioFiles))]
    public void A_bad_audio_file_is_refused_with_its_name_and_the_problem(string name)
    {
        string directory = Directory.CreateDirectory(Path.Combine(fixture.WorkDirectory, Guid.NewGuid().ToString("N"))).FullName;
        string path = BadAudioFiles.Write(name, directory);

        var e = Assert.Throws<InvalidDataException>(() => AudioFileDecoder.Decode(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Contains(BadAudioFiles.Cases[name].Problem, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Audio_longer_than_the_limit_is_refused_without_decoding_all_of_it()
    {
        // 30 MB of valid 16 kHz 16-bit mono (≈ 16 minutes) against a one-minute limit.
        string path = BadAudioFiles.WriteLong(fixture.WorkDirectory, seconds: 983);
        Assert.InRange(new FileInfo(path).Length, 30_000_000, 32_000_000);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        // A WAV states its length: refused from the header, before anything is decoded.
        var e = Assert.Throws<AudioTooLongException>(() => AudioFileDecoder.Decode(path, 16000, 1, TimeSpan.FromMinutes(1)));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("declares 983 s of audio; at most 60 s are accepted", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");

        // Without a limit the same file is fine: long is not bad by itself.
        Assert.Equal(983 * 16000, AudioFileDecoder.Decode(path, 16000, 1, TimeSpan.FromMinutes(20)).Length);
    }

    [Fact]
    public void Mu_law_and_float64_WAVs_are_not_bad_input_they_decode()
    {
        // The unusual but valid formats the check must let through (the corpus refuses only what no reader should guess).
        string mulaw = fixture.NewPath("wav");
        WriteWav(mulaw, tag: 7, bits: 8, rate: 8000, data: Enumerable.Repeat((byte)0xFF, 8000).ToArray());
        string f64 = fixture.NewPath("wav");
        WriteWav(f64, tag: 3, bits: 64, rate: 16000, data: [.. Enumerable.Range(0, 16000).SelectMany(i => BitConverter.GetBytes(0.5 * Math.Sin(2 * Math.PI * 440 * i / 16000)))]);

        Assert.InRange(AudioFileDecoder.Decode(mulaw).Length, 16000 - 32, 16000 + 32);
        float[] decoded = AudioFileDecoder.Decode(f64);
        Assert.Equal(16000, decoded.Length);
        Assert.InRange(Signals.Rms(decoded), 0.33, 0.38);
    }

    private static void WriteWav(string path, int tag, int bits, int rate, byte[] data)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write("RIFF"u8);
        w.Write(36 + data.Length);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)tag);
        w.Write((short)1);
        w.Write(rate);
        w.Write(rate * bits / 8);
        w.Write((short)(bits / 8));
        w.Write((short)bits);
        w.Write("data"u8);
        w.Write(data.Length);
        w.Write(data);
    }
}
