namespace StreamLip.Media.Native;

/// <summary>Fundamental GType ids: <c>G_TYPE_MAKE_FUNDAMENTAL(n) = n &lt;&lt; 2</c>, fixed by the GLib ABI.</summary>
internal static class GTypes
{
    public const nuint Boolean = 5 << 2;
    public const nuint Int = 6 << 2;
    public const nuint UInt = 7 << 2;
    public const nuint Int64 = 10 << 2;
    public const nuint UInt64 = 11 << 2;
    public const nuint Double = 15 << 2;
    public const nuint String = 16 << 2;
}
