using System.Runtime.InteropServices;

namespace StreamLip.Server.Conversation.Recognition;

/// <summary>Owns one native <c>ps_decoder_t</c> (which holds its own reference to its configuration); released with <c>ps_free</c>.</summary>
internal sealed class SphinxDecoderHandle : SafeHandle
{
    public SphinxDecoderHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>Takes ownership of <paramref name="decoder"/>.</summary>
    public static SphinxDecoderHandle Own(nint decoder)
    {
        var h = new SphinxDecoderHandle();
        h.SetHandle(decoder);
        return h;
    }

    protected override bool ReleaseHandle()
    {
        SphinxNative.ps_free(handle);
        return true;
    }
}
