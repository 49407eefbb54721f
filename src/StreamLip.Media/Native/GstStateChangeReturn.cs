namespace StreamLip.Media.Native;

/// <summary><c>GstStateChangeReturn</c>.</summary>
internal enum GstStateChangeReturn
{
    Failure = 0,
    Success = 1,
    Async = 2,
    NoPreroll = 3,
}
