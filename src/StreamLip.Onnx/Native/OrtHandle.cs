using System.Runtime.InteropServices;

namespace StreamLip.Onnx.Native;

/// <summary>
/// Base of every handle to an ONNX Runtime object: owns one native object and releases it once, through the
/// matching <c>Release*</c> function of <see cref="OrtApi"/>. Created empty, then <see cref="Attach"/>ed to the
/// pointer the creating call returned.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(OrtApi api)
        : base(nint.Zero, ownsHandle: true)
    {
        Api = api;
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>The API whose release function frees this object.</summary>
    protected OrtApi Api { get; }

    /// <summary>Takes ownership of <paramref name="value"/>, a pointer just returned by ONNX Runtime.</summary>
    internal void Attach(nint value) => SetHandle(value);
}
