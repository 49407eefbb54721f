using System.Runtime.InteropServices;

namespace StreamLip.Server.Conversation.Recognition;

/// <summary>
/// The C API of CMU PocketSphinx 5prealpha as Debian 12 ships it (<c>libpocketsphinx3</c>, <c>libsphinxbase3</c>):
/// the decoder's settings are parsed from an argument vector (<c>cmd_ln_parse_r</c> over <c>ps_args()</c>), then one
/// utterance at a time is started, fed 16-bit samples and ended. A decoder is not thread-safe.
/// </summary>
internal static partial class SphinxNative
{
    public const string PocketSphinx = "libpocketsphinx.so.3";
    public const string SphinxBase = "libsphinxbase.so.3";

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_args();

    [LibraryImport(SphinxBase, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint cmd_ln_parse_r(nint inoutCmdln, nint definitions, int argc, string[] argv, int strict);

    [LibraryImport(SphinxBase)]
    public static partial int cmd_ln_free_r(nint cmdln);

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_init(nint config);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_free(nint decoder);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_start_utt(SphinxDecoderHandle decoder);

    [LibraryImport(PocketSphinx)]
    public static unsafe partial int ps_process_raw(SphinxDecoderHandle decoder, short* data, nuint samples, int noSearch, int fullUtterance);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_end_utt(SphinxDecoderHandle decoder);

    /// <summary>The best hypothesis so far (during an utterance) or of the last one; the string is the decoder's.</summary>
    [LibraryImport(PocketSphinx)]
    public static partial nint ps_get_hyp(SphinxDecoderHandle decoder, out int bestScore);
}
