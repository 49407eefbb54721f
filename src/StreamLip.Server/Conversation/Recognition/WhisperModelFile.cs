using System.Text;

namespace StreamLip.Server.Conversation.Recognition;

/// <summary>
/// Reads the layout of a whisper.cpp legacy ggml model file without loading it: the magic, the hyperparameters, the mel
/// filters and vocabulary, then every tensor's header, skipping its data. whisper.cpp's own loader does not check that
/// its reads succeed (a file cut short inside its last tensor loads with garbage, one cut in its vocabulary reads
/// undefined lengths), so the server checks the whole file this way before handing it over.
/// </summary>
internal static class WhisperModelFile
{
    /// <summary><c>ggml</c> as whisper.cpp writes it: the int32 0x67676d6c, little-endian.</summary>
    public const uint Magic = 0x67676d6c;

    /// <summary>The vocabulary of English-only models; multilingual ones have more (whisper.cpp's test).</summary>
    public const int EnglishVocabulary = 51864;

    private const int MaxDims = 4;
    private const int MaxNameBytes = 256;

    /// <summary>Checks <paramref name="path"/> and returns what it holds.</summary>
    /// <exception cref="InvalidDataException">Not a whisper ggml model, or cut short; the message is a clause that follows
    /// "the file ..." (e.g. "is cut short: it ends inside ...").</exception>
    /// <exception cref="IOException">It cannot be read.</exception>
    public static WhisperModelLayout Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024);
        using var r = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
        long length = file.Length;
        if (length < 4 || r.ReadUInt32() != Magic)
        {
            throw new InvalidDataException("is not a whisper.cpp ggml model: it does not start with ggml's magic 0x67676d6c ('ggml')");
        }

        Need(file, length, 12 * 4, "the hyperparameters");
        int vocab = r.ReadInt32();
        int audioCtx = r.ReadInt32();
        int audioState = r.ReadInt32();
        r.ReadInt32(); // n_audio_head
        int audioLayers = r.ReadInt32();
        r.ReadInt32(); // n_text_ctx
        int textState = r.ReadInt32();
        r.ReadInt32(); // n_text_head
        int textLayers = r.ReadInt32();
        int mels = r.ReadInt32();
        int ftype = r.ReadInt32() % 1000; // the quantisation version is in the thousands (GGML_QNT_VERSION_FACTOR)
        r.ReadInt32(); // n_mel of the filters
        int fft = r.ReadInt32();
        if (vocab < 256 || audioCtx < 1 || audioState < 1 || audioState != textState || audioLayers < 1 || textLayers < 1 || mels < 1 || fft != 201)
        {
            throw new InvalidDataException($"starts like a ggml file but its whisper hyperparameters make no sense (n_vocab {vocab}, n_audio_state {audioState}, n_text_state {textState}, layers {audioLayers}/{textLayers}, n_mels {mels}, n_fft {fft}): a ggml model of another kind?");
        }

        Skip(file, length, (long)mels * fft * sizeof(float), "the mel filters");
        Need(file, length, 4, "the vocabulary");
        int tokens = r.ReadInt32();
        if (tokens < 0 || tokens > vocab)
        {
            throw new InvalidDataException($"says its vocabulary has {tokens} tokens, beyond its n_vocab {vocab}");
        }

        for (int i = 0; i < tokens; i++)
        {
            Need(file, length, 4, $"token {i} of the vocabulary");
            uint bytes = r.ReadUInt32();
            Skip(file, length, bytes, $"token {i} of the vocabulary");
        }

        int tensors = 0;
        while (file.Position < length)
        {
            Need(file, length, 12, $"the header of tensor {tensors}");
            int dims = r.ReadInt32();
            int nameBytes = r.ReadInt32();
            int type = r.ReadInt32();
            if (dims is < 1 or > MaxDims || nameBytes is < 1 or > MaxNameBytes)
            {
                throw new InvalidDataException($"has a broken header at tensor {tensors} ({dims} dimensions, a {nameBytes}-byte name)");
            }

            Need(file, length, (4L * dims) + nameBytes, $"the header of tensor {tensors}");
            long elements = 1;
            for (int d = 0; d < dims; d++)
            {
                elements *= Math.Max(0, r.ReadInt32());
            }

            string name = Encoding.UTF8.GetString(r.ReadBytes(nameBytes));
            long dataBytes = DataBytes(type, elements)
                ?? throw new InvalidDataException($"has tensor '{name}' of ggml type {type}, which no whisper.cpp model uses");
            Skip(file, length, dataBytes, $"the data of tensor '{name}'");
            tensors++;
        }

        int expected = 7 + 4 + (15 * audioLayers) + (24 * textLayers);
        if (tensors != expected)
        {
            throw new InvalidDataException($"holds {tensors} tensors where a whisper model of {audioLayers}+{textLayers} layers has {expected}");
        }

        return new WhisperModelLayout(vocab, audioState, audioLayers, textLayers, ftype, tensors);
    }

    /// <summary>Bytes of <paramref name="elements"/> values of ggml type <paramref name="type"/> (blocks of 32 or 256
    /// for the quantised ones whisper.cpp's quantize writes), or null for a type no whisper model uses.</summary>
    private static long? DataBytes(int type, long elements) => type switch
    {
        0 => elements * 4,                // F32
        1 or 30 => elements * 2,          // F16, BF16
        2 => elements / 32 * 18,          // Q4_0
        3 => elements / 32 * 20,          // Q4_1
        6 => elements / 32 * 22,          // Q5_0
        7 => elements / 32 * 24,          // Q5_1
        8 => elements / 32 * 34,          // Q8_0
        10 => elements / 256 * 84,        // Q2_K
        11 => elements / 256 * 110,       // Q3_K
        12 => elements / 256 * 144,       // Q4_K
        13 => elements / 256 * 176,       // Q5_K
        14 => elements / 256 * 210,       // Q6_K
        _ => null,
    };

    private static void Need(FileStream file, long length, long bytes, string what)
    {
        if (length - file.Position < bytes)
        {
            throw new InvalidDataException($"is cut short: it ends inside {what}, after {length} bytes; copy or download it again");
        }
    }

    private static void Skip(FileStream file, long length, long bytes, string what)
    {
        Need(file, length, bytes, what);
        file.Seek(bytes, SeekOrigin.Current);
    }
}
