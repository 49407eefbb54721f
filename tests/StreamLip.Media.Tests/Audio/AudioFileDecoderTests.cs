using System.Diagnostics;
using StreamLip.Media.Audio;
using StreamLip.Tests.BadInput;

namespace StreamLip.Media.Tests.Audio;

[Collection(GStreamerCollection.Name)]
public sealed class AudioFileDecoderTests(GStreamerFixture fixture)
{
    [Fact]
    public void A_WAV_whose_header_declares_more_than_the_budget_is_refused_before_decoding()
    {
        string path = fixture.NewPath("wav");
        WavFile.Write(path, Signals.Sine(440, seconds: 6, sampleRate: 8000), 8000, 1);

        var e = Assert.Throws<AudioTooLongException>(() => AudioFileDecoder.Decode(path, 16000, 1, TimeSpan.FromSeconds(5)));

        Assert.Equal(6.0, e.Declared!.Value.TotalSeconds, 3);
        Assert.Equal($"'{path}' declares 6 s of audio; at most 5 s are accepted here.", e.Message);
        Assert.Equal(6 * 16000, AudioFileDecoder.Decode(path, 16000, 1, TimeSpan.FromSeconds(6)).Length, 16.0);
    }

    [Fact]
    public void A_small_flac_whose_header_declares_an_hour_is_refused_before_decoding()
    {
        // One hour of silence: a few hundred kilobytes of FLAC, 230 MB of float samples if decoded whole.
        string path = fixture.NewPath("flac");
        GstLaunch.Run($"audiotestsrc wave=silence samplesperbuffer=8000 num-buffers=3600 ! audio/x-raw,rate=8000,channels=1 ! flacenc ! filesink location={path}");
        Assert.InRange(new FileInfo(path).Length, 1, 2 * 1024 * 1024);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<AudioTooLongException>(() => AudioFileDecoder.Decode(path, 16000, 1, TimeSpan.FromSeconds(30)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(TimeSpan.FromHours(1), e.Declared);
        Assert.Contains("declares 3600 s of audio; at most 30 s are accepted here", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 8 * 1024 * 1024, $"{allocated} bytes allocated: the hour was decoded");
    }

    [Fact]
    public void A_flac_that_states_no_length_stops_at_the_budget_while_decoding()
    {
        // Written to a pipe, flacenc cannot go back to put the length into its header.
        string path = fixture.NewPath("flac");
        GstLaunch.Run("audiotestsrc wave=silence samplesperbuffer=8000 num-buffers=3600 ! audio/x-raw,rate=8000,channels=1 ! flacenc ! fdsink fd=1", stdoutTo: path);

        var e = Assert.Throws<AudioTooLongException>(() => AudioFileDecoder.Decode(path, 16000, 1, TimeSpan.FromSeconds(30)));

        Assert.Contains("of audio; at most 30 s are accepted here", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_is_not_decoded_as_audio()
    {
        // 8000 × 8000 pixels in a PNG of a few hundred kilobytes: 256 MB as BGRx if it were decoded.
        string path = fixture.NewPath("png");
        BadImageFiles.WritePixelBomb(path, 8000, 8000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => AudioFileDecoder.Decode(path));

        Assert.Contains("has no audio stream: it holds image/png", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 * 1024 * 1024);
    }

    [Theory]
    [InlineData(1000, 1, "flacenc", "a sample rate of 1000 Hz; audio from 4000 to 384000 Hz is accepted")]
    [InlineData(16000, 40, "wavenc", "has 40 audio channels; 1 to 32 are accepted")]
    public void A_sample_rate_or_channel_count_out_of_range_is_refused_from_the_header(int rate, int channels, string encoder, string fragment)
    {
        string path = fixture.NewPath(encoder);
        GstLaunch.Run($"audiotestsrc num-buffers=5 samplesperbuffer=1000 ! audio/x-raw,format=S16LE,rate={rate},channels={channels},channel-mask=(bitmask)0 ! {encoder} ! filesink location={path}");

        var e = Assert.Throws<InvalidDataException>(() => AudioFileDecoder.Decode(path));

        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_16kHz_mono_WAV_decodes_sample_for_sample()
    {
        float[] sine = Signals.Sine(440, seconds: 2, sampleRate: 16000);
        string path = fixture.NewPath("wav");
        WavFile.Write(path, sine, 16000, 1);

        float[] decoded = AudioFileDecoder.Decode(path);

        Assert.Equal(sine.Length, decoded.Length);
        for (int i = 0; i < sine.Length; i++)
        {
            Assert.True(Math.Abs(sine[i] - decoded[i]) < 1e-4, $"sample {i}: {decoded[i]} vs {sine[i]}");
        }
    }

    [Fact]
    public void A_44kHz_stereo_WAV_is_resampled_and_mixed_down_keeping_frequency_and_level()
    {
        string path = fixture.NewPath("wav");
        WavFile.Write(path, Signals.Sine(1000, seconds: 1.5, sampleRate: 44100, channels: 2), 44100, 2);

        float[] decoded = AudioFileDecoder.Decode(path, sampleRate: 16000, channels: 1);

        Assert.InRange(decoded.Length, 24000 - 16, 24000 + 16);
        Assert.InRange(Signals.FrequencyByZeroCrossings(decoded, 16000, skip: 400), 998, 1002);
        Assert.InRange(Signals.Rms(decoded.AsSpan(400, 16000)), 0.5 / Math.Sqrt(2) * 0.95, 0.5 / Math.Sqrt(2) * 1.05);
    }

    [Fact]
    public void Decoding_to_stereo_48kHz_gives_interleaved_frames()
    {
        string path = fixture.NewPath("wav");
        WavFile.Write(path, Signals.Sine(300, seconds: 1, sampleRate: 16000), 16000, 1);

        float[] decoded = AudioFileDecoder.Decode(path, sampleRate: 48000, channels: 2);

        Assert.InRange(decoded.Length, (48000 - 48) * 2, (48000 + 48) * 2);
        Assert.Equal(0, decoded.Length % 2);
        float[] left = new float[decoded.Length / 2];
        for (int i = 0; i < left.Length; i++)
        {
            left[i] = decoded[2 * i];
            Assert.Equal(decoded[2 * i], decoded[(2 * i) + 1], 5);
        }

        Assert.InRange(Signals.FrequencyByZeroCrossings(left, 48000, skip: 480), 299, 301);
    }

    [Fact]
    public void Espeak_speech_decodes_to_the_length_of_its_WAV()
    {
        string path = fixture.NewPath("wav");
        using (var espeak = Process.Start(new ProcessStartInfo("espeak-ng", ["-w", path, "Hello from StreamLip, one two three."])
        {
            RedirectStandardError = true,
        })!)
        {
            Assert.True(espeak.WaitForExit(60_000), "espeak-ng did not finish");
            Assert.True(espeak.ExitCode == 0, espeak.StandardError.ReadToEnd());
        }

        (int rate, _, long frames) = WavFile.ReadHeader(path);

        float[] decoded = AudioFileDecoder.Decode(path);

        double expected = frames * 16000.0 / rate;
        Assert.InRange(decoded.Length, expected - 16, expected + 16);
        Assert.True(Signals.Rms(decoded) > 0.01, "speech should not be silent");
    }

    [Fact]
    public void Ogg_Opus_made_by_GStreamer_decodes_with_its_duration_and_frequency()
    {
        string path = fixture.NewPath("ogg");
        GStreamerFixture.RunLaunch(
            "audiotestsrc wave=sine freq=440 volume=0.5 num-buffers=100 samplesperbuffer=480 ! audio/x-raw,rate=48000,channels=1 ! " +
            $"opusenc ! oggmux ! filesink location=\"{path}\"");

        float[] decoded = AudioFileDecoder.Decode(path);

        Assert.InRange(decoded.Length, 16000 - 160, 16000 + 160);
        Assert.InRange(Signals.FrequencyByZeroCrossings(decoded, 16000, skip: 800), 438, 442);
    }

    [Fact]
    public void Mp3_made_by_GStreamer_decodes_with_its_duration_and_frequency()
    {
        string path = fixture.NewPath("mp3");
        GStreamerFixture.RunLaunch(
            "audiotestsrc wave=sine freq=440 volume=0.5 num-buffers=20 samplesperbuffer=2205 ! audio/x-raw,rate=44100,channels=1 ! " +
            $"lamemp3enc ! filesink location=\"{path}\"");

        float[] decoded = AudioFileDecoder.Decode(path);

        // MP3 carries encoder delay and padding (about 1,100 to 2,300 samples at 44.1 kHz) unless trimmed.
        Assert.InRange(decoded.Length, 16000 - 400, 16000 + 1200);
        Assert.InRange(Signals.FrequencyByZeroCrossings(decoded, 16000, skip: 1600), 438, 442);
    }

    [Fact]
    public void A_missing_file_throws_FileNotFound_naming_it()
    {
        string path = fixture.NewPath("wav");

        var e = Assert.Throws<FileNotFoundException>(() => AudioFileDecoder.Decode(path));

        Assert.Equal(path, e.FileName);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_file_is_not_decodable_and_the_message_names_it()
    {
        string path = fixture.NewPath("wav");
        File.WriteAllText(path, "this is not audio, only text pretending to be a WAV file.");

        var e = Assert.Throws<InvalidDataException>(() => AudioFileDecoder.Decode(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not a media file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_WAV_is_not_decodable_and_the_message_names_it()
    {
        string path = fixture.NewPath("wav");
        byte[] bytes = new byte[400];
        new Random(7).NextBytes(bytes);
        "RIFF"u8.CopyTo(bytes);
        "WAVEjunk"u8.CopyTo(bytes.AsSpan(8));
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => AudioFileDecoder.Decode(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_has_no_audio_stream()
    {
        var e = Assert.Throws<InvalidDataException>(() => AudioFileDecoder.Decode(fixture.AstronautPng));

        Assert.Contains(fixture.AstronautPng, e.Message, StringComparison.Ordinal);
        Assert.Contains("no audio stream", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_video_without_sound_has_no_audio_stream()
    {
        var e = Assert.Throws<InvalidDataException>(() => AudioFileDecoder.Decode(fixture.AstronautMp4));

        Assert.Contains("no audio stream", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_frame_video_without_sound_has_no_audio_stream()
    {
        // One frame: the demuxer's only push fails quietly and it sends EOS into the unlinked pad, so only
        // decodebin's unresolved delayed link tells that no audio exists (this once hung).
        string path = fixture.NewPath("mp4");
        GStreamerFixture.RunLaunch(
            $"videotestsrc num-buffers=1 ! video/x-raw,width=64,height=64 ! x264enc ! mp4mux ! filesink location=\"{path}\"");

        var e = Assert.Throws<InvalidDataException>(() => AudioFileDecoder.Decode(path));

        Assert.Contains("no audio stream", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_stops_the_decode()
    {
        string path = fixture.NewPath("wav");
        WavFile.Write(path, Signals.Sine(440, seconds: 1, sampleRate: 16000), 16000, 1);

        Assert.Throws<OperationCanceledException>(() => AudioFileDecoder.Decode(path, cancellationToken: new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Arguments_are_validated() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioFileDecoder.Decode("x.wav", sampleRate: 0));
}
