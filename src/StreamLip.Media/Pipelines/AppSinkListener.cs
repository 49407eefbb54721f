using System.Runtime.InteropServices;
using StreamLip.Media.Native;

namespace StreamLip.Media.Pipelines;

/// <summary>
/// Hands every sample of an appsink to a handler through <c>gst_app_sink_set_callbacks</c> (no signal marshalling,
/// no managed allocation per sample): the buffer is mapped, passed as a span, and unmapped after the call. Runs on
/// the appsink's streaming thread. A handler exception goes to the error callback and streaming continues.
/// Dispose (after the pipeline stopped) replaces the callbacks; GStreamer then frees the handle to this listener.
/// </summary>
internal sealed class AppSinkListener : IDisposable
{
    private readonly GstObjectHandle _appsink;
    private readonly AppSinkSampleHandler _handler;
    private readonly Action<Exception> _onError;
    private int _disposed;

    private AppSinkListener(GstObjectHandle appsink, AppSinkSampleHandler handler, Action<Exception> onError)
    {
        _appsink = appsink;
        _handler = handler;
        _onError = onError;
    }

    /// <summary>Installs the callbacks on <paramref name="appsink"/> (borrowed: its pipeline owns it).</summary>
    public static unsafe AppSinkListener Attach(GstObjectHandle appsink, AppSinkSampleHandler handler, Action<Exception> onError)
    {
        var listener = new AppSinkListener(appsink, handler, onError);
        var data = GCHandle.Alloc(listener);
        GstAppSinkCallbacks callbacks = default;
        callbacks.NewSample = &OnNewSample;
        using SafeHandleLease sink = new(appsink);
        GstApp.gst_app_sink_set_callbacks(sink.Pointer, &callbacks, GCHandle.ToIntPtr(data), &FreeData);
        return listener;
    }

    public unsafe void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _appsink.IsClosed)
        {
            return;
        }

        GstAppSinkCallbacks none = default;
        using SafeHandleLease sink = new(_appsink);
        GstApp.gst_app_sink_set_callbacks(sink.Pointer, &none, 0, null);
    }

    [UnmanagedCallersOnly]
    private static unsafe GstFlowReturn OnNewSample(nint appsink, nint data)
    {
        nint sample = GstApp.gst_app_sink_pull_sample(appsink);
        if (sample == 0)
        {
            return GstFlowReturn.Eos;
        }

        try
        {
            if (GCHandle.FromIntPtr(data).Target is not AppSinkListener listener || Volatile.Read(ref listener._disposed) != 0)
            {
                return GstFlowReturn.Ok;
            }

            nint buffer = Gst.gst_sample_get_buffer(sample);
            GstMapInfo map;
            if (buffer == 0 || Gst.gst_buffer_map(buffer, &map, Gst.MapRead) == 0)
            {
                return GstFlowReturn.Ok;
            }

            try
            {
                listener._handler(new ReadOnlySpan<byte>(map.Data, checked((int)map.Size)), GstLayout.GetPts(buffer));
            }
            catch (Exception e)
            {
                listener.ReportError(e);
            }
            finally
            {
                Gst.gst_buffer_unmap(buffer, &map);
            }

            return GstFlowReturn.Ok;
        }
        finally
        {
            Gst.gst_mini_object_unref(sample);
        }
    }

    [UnmanagedCallersOnly]
    private static void FreeData(nint data) => GCHandle.FromIntPtr(data).Free();

    private void ReportError(Exception e)
    {
        try
        {
            _onError(e);
        }
        catch (Exception)
        {
            // Nothing is left to report to; an exception must not unwind into GStreamer's C frames.
        }
    }
}
