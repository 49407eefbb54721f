namespace StreamLip.Media.Native;

/// <summary><c>GstState</c>.</summary>
internal enum GstState
{
    VoidPending = 0,
    Null = 1,
    Ready = 2,
    Paused = 3,
    Playing = 4,
}
