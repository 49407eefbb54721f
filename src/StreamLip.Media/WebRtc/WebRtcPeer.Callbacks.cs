using System.Runtime.InteropServices;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Media.WebRtc;

/// <summary>What GStreamer's threads call: webrtcbin's signals, the microphone appsink and the bus sync handler.</summary>
public sealed partial class WebRtcPeer
{
    /// <summary><c>GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE</c>.</summary>
    private const int IceGatheringComplete = 2;

    /// <summary><c>GST_BUS_DROP</c>: messages are handled here, nobody pops the bus.</summary>
    private const int BusDrop = 0;

    private void OnIceCandidateGathered(int mline, string candidate)
    {
        lock (_gatheredLock)
        {
            _gathered.Add((mline, candidate));
        }

        _events.Post(() => LocalCandidate?.Invoke(new IceCandidate(candidate, mline)));
    }

    private void OnIceGatheringStateChanged()
    {
        if (_webrtc.IceGatheringState == IceGatheringComplete)
        {
            _gatheringComplete.TrySetResult();
        }
    }

    private void OnConnectionStateChanged()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            SetConnectionState(_webrtc.ConnectionState);
        }
    }

    /// <summary>
    /// A receiving stream appeared on webrtcbin: the microphone's Opus goes to the decoding branch; anything else
    /// (a stream the answer did not ask for) goes to a new fakesink, so an unlinked pad cannot stop the session.
    /// </summary>
    private void OnPadAdded(nint pad)
    {
        string caps = WebRtcBin.CapsOf(pad) ?? "";
        bool isOpus = caps.Contains("media=(string)audio", StringComparison.Ordinal)
            && caps.Contains("encoding-name=(string)OPUS", StringComparison.OrdinalIgnoreCase);
        if (isOpus && _microphoneDepayloader is not null && Interlocked.Exchange(ref _microphoneLinked, 1) == 0)
        {
            using GstObjectHandle sink = Gst.gst_element_get_static_pad(_microphoneDepayloader, "sink");
            using SafeHandleLease sinkPad = new(sink);
            int result = Gst.gst_pad_link(pad, sinkPad.Pointer);
            if (result != 0)
            {
                throw new GStreamerPipelineException($"Could not link the microphone stream ({caps}) to its decoder: GstPadLinkReturn {result}.");
            }

            return;
        }

        LinkToFakeSink(pad);
    }

    private unsafe void LinkToFakeSink(nint pad)
    {
        nint raw = Gst.gst_element_factory_make("fakesink", null);
        if (raw == 0)
        {
            return;
        }

        using var fakesink = new GstObjectHandle(Gst.gst_object_ref_sink(raw));
        GObjectProperty.Set(fakesink, "async", false);
        using GstObjectHandle bin = Gst.gst_object_get_parent(_webrtc.Element);
        if (bin.IsInvalid || Gst.gst_bin_add(bin, raw) == 0)
        {
            return;
        }

        Gst.gst_element_sync_state_with_parent(raw);
        using GstObjectHandle sink = Gst.gst_element_get_static_pad(fakesink, "sink");
        using SafeHandleLease sinkPad = new(sink);
        Gst.gst_pad_link(pad, sinkPad.Pointer);
    }

    private void OnMicrophoneSample(ReadOnlySpan<byte> data, ulong ptsNs)
    {
        if (MicrophoneAudio is not { } handler)
        {
            return;
        }

        _inMicrophoneCallback = true;
        try
        {
            handler(MemoryMarshal.Cast<byte, float>(data));
        }
        finally
        {
            _inMicrophoneCallback = false;
        }
    }

    private unsafe void InstallBusHandler()
    {
        var data = GCHandle.Alloc(this);
        Gst.gst_bus_set_sync_handler(_pipeline.Bus, &OnBusMessage, GCHandle.ToIntPtr(data), &FreeBusData);
    }

    private unsafe void RemoveBusHandler()
    {
        if (!_pipeline.Bus.IsClosed)
        {
            // GStreamer calls FreeBusData for the old handler once no call to it is running.
            Gst.gst_bus_set_sync_handler(_pipeline.Bus, null, 0, null);
        }
    }

    [UnmanagedCallersOnly]
    private static int OnBusMessage(nint bus, nint message, nint data)
    {
        try
        {
            if (GstLayout.GetMessageType(message) == GstMessageType.Error
                && GCHandle.FromIntPtr(data).Target is WebRtcPeer peer && Volatile.Read(ref peer._disposed) == 0)
            {
                GStreamerPipelineException error = GstMessages.ToException(message);
                peer._events.Post(() => peer.RaiseFailed(error));
            }
        }
        catch (Exception)
        {
            // Reading the message failed; an exception must not unwind into GStreamer's C frames.
        }

        return BusDrop;
    }

    [UnmanagedCallersOnly]
    private static void FreeBusData(nint data) => GCHandle.FromIntPtr(data).Free();
}
