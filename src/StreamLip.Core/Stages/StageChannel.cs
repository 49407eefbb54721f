using System.Threading.Channels;

namespace StreamLip.Stages;

/// <summary>Creates the one bounded channel in front of a stage.</summary>
public static class StageChannel
{
    /// <summary>
    /// A bounded, single-reader channel. With <see cref="FullChannelPolicy.DropOldest"/>, <paramref name="onDropped"/>
    /// receives every dropped item so its pooled buffers go back.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="capacity">Items the channel holds.</param>
    /// <param name="policy">What a full channel does.</param>
    /// <param name="onDropped">Called for each item dropped (DropOldest only).</param>
    public static Channel<T> Create<T>(int capacity, FullChannelPolicy policy, Action<T>? onDropped = null)
    {
        var options = new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = policy == FullChannelPolicy.Wait ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest,
        };
        return onDropped is null ? Channel.CreateBounded<T>(options) : Channel.CreateBounded(options, onDropped);
    }
}
