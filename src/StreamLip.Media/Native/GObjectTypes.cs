namespace StreamLip.Media.Native;

/// <summary>
/// More fundamental GType ids (<c>G_TYPE_MAKE_FUNDAMENTAL(n) = n &lt;&lt; 2</c>, fixed by the GLib ABI), for
/// signal arguments and object properties; the scalar ones are in <see cref="GTypes"/>.
/// </summary>
internal static class GObjectTypes
{
    public const nuint Enum = 12 << 2;
    public const nuint Pointer = 17 << 2;
    public const nuint Boxed = 18 << 2;
    public const nuint Object = 20 << 2;
}
