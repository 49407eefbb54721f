namespace StreamLip.Server.Options;

/// <summary>CMU PocketSphinx: where its model is and how hard it searches.</summary>
public sealed class SphinxOptions
{
    /// <summary>Folder with <c>en-us/</c>, <c>en-us.lm.bin</c> and <c>cmudict-en-us.dict</c> (Debian's <c>pocketsphinx-en-us</c>).</summary>
    public string ModelDirectory { get; set; } = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>Decoder arguments separated by spaces, name then value (e.g. <c>-beam 1e-60</c>). Default: a faster search
    /// than PocketSphinx's own default (no second flat pass, no lattice rescoring, at most 3000 HMMs per frame), measured
    /// in README "Conversation".</summary>
    public string Arguments { get; set; } = "-fwdflat no -bestpath no -maxhmmpf 3000";

    /// <summary><see cref="Arguments"/> as a list.</summary>
    internal string[] ArgumentList() => Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
