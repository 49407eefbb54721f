namespace StreamLip.Media.Native;

/// <summary><c>GstPromiseResult</c> (gstpromise.h).</summary>
internal enum GstPromiseResult
{
    Pending = 0,
    Interrupted = 1,
    Replied = 2,
    Expired = 3,
}
