using System.Runtime.InteropServices;
using StreamLip.Media.Native;

namespace StreamLip.Media.WebRtc;

/// <summary>
/// One <c>webrtcbin</c> element driven through non-variadic GObject calls: its action signals emitted with
/// <c>g_signal_emitv</c> and awaited through promises, its signals and property notifications turned into events.
/// The events are raised on GStreamer threads (webrtcbin's own task thread, libnice's, streaming threads); a
/// handler that throws has its exception passed to <see cref="CallbackFailed"/> instead of unwinding into C.
/// The element handle is borrowed: its pipeline owns it. Dispose disconnects every handler.
/// </summary>
internal sealed class WebRtcBin : IDisposable
{
    private readonly GstObjectHandle _element;
    private readonly List<GSignalConnection> _connections = [];

    public unsafe WebRtcBin(GstObjectHandle element)
    {
        _element = element;
        _connections.Add(GSignalConnection.Connect(
            element, "on-ice-candidate", (delegate* unmanaged<nint, uint, nint, nint, void>)&OnIceCandidate, this));
        _connections.Add(GSignalConnection.Connect(element, "pad-added", (delegate* unmanaged<nint, nint, nint, void>)&OnPadAdded, this));
        _connections.Add(GSignalConnection.Connect(
            element, "notify::ice-gathering-state", (delegate* unmanaged<nint, nint, nint, void>)&OnGatheringNotify, this));
        _connections.Add(GSignalConnection.Connect(
            element, "notify::connection-state", (delegate* unmanaged<nint, nint, nint, void>)&OnConnectionNotify, this));
        _connections.Add(GSignalConnection.Connect(
            element, "notify::ice-connection-state", (delegate* unmanaged<nint, nint, nint, void>)&OnIceConnectionNotify, this));
    }

    /// <summary>A local candidate was gathered: m-line index and the candidate (<c>candidate:...</c>, no <c>a=</c>).</summary>
    public event Action<int, string>? IceCandidateGathered;

    /// <summary>A receiving src pad appeared (the <c>GstPad*</c> is borrowed for the call).</summary>
    public event Action<nint>? PadAdded;

    /// <summary><see cref="IceGatheringState"/> changed.</summary>
    public event Action? IceGatheringStateChanged;

    /// <summary><see cref="ConnectionState"/> or <see cref="IceConnectionState"/> changed.</summary>
    public event Action? ConnectionStateChanged;

    /// <summary>An event handler above threw on a GStreamer thread.</summary>
    public event Action<Exception>? CallbackFailed;

    /// <summary>The element (owned by its pipeline).</summary>
    public GstObjectHandle Element => _element;

    /// <summary><c>GstWebRTCICEGatheringState</c>: 0 new, 1 gathering, 2 complete.</summary>
    public int IceGatheringState => GetEnum("ice-gathering-state", GstWebRtc.gst_webrtc_ice_gathering_state_get_type());

    /// <summary>The peer connection state.</summary>
    public WebRtcConnectionState ConnectionState =>
        (WebRtcConnectionState)GetEnum("connection-state", GstWebRtc.gst_webrtc_peer_connection_state_get_type());

    /// <summary><c>GstWebRTCICEConnectionState</c>: 0 new, 1 checking, 2 connected, 3 completed, 4 failed, 5 disconnected, 6 closed.</summary>
    public int IceConnectionState => GetEnum("ice-connection-state", GstWebRtc.gst_webrtc_ice_connection_state_get_type());

    /// <summary>The local description's SDP text (pending or current, with the candidates gathered so far), or null.</summary>
    public string? LocalDescriptionText => GetDescriptionText("local-description");

    /// <summary>The remote description's SDP text, or null.</summary>
    public string? RemoteDescriptionText => GetDescriptionText("remote-description");

    /// <summary>Emits <c>set-remote-description</c> and waits until webrtcbin applied it.</summary>
    /// <exception cref="InvalidOperationException">webrtcbin rejected the description (its reason included).</exception>
    public Task SetRemoteDescriptionAsync(GstSessionDescriptionHandle description, CancellationToken cancellationToken) =>
        SetDescriptionAsync("set-remote-description", description, cancellationToken);

    /// <summary>Emits <c>set-local-description</c> and waits until webrtcbin applied it.</summary>
    public Task SetLocalDescriptionAsync(GstSessionDescriptionHandle description, CancellationToken cancellationToken) =>
        SetDescriptionAsync("set-local-description", description, cancellationToken);

    /// <summary>Emits <c>create-answer</c> and returns a copy of the answer.</summary>
    public Task<GstSessionDescriptionHandle> CreateAnswerAsync(CancellationToken cancellationToken) =>
        CreateDescriptionAsync("create-answer", "answer", cancellationToken);

    /// <summary>Emits <c>create-offer</c> and returns a copy of the offer.</summary>
    public Task<GstSessionDescriptionHandle> CreateOfferAsync(CancellationToken cancellationToken) =>
        CreateDescriptionAsync("create-offer", "offer", cancellationToken);

    /// <summary>
    /// Emits <c>add-ice-candidate</c>; an empty <paramref name="candidate"/> marks the end of the remote candidates.
    /// webrtcbin queues candidates that arrive before both descriptions are set.
    /// </summary>
    public unsafe void AddIceCandidate(uint mlineIndex, string candidate)
    {
        GValue* values = stackalloc GValue[3];
        new Span<GValue>(values, 3).Clear();
        using SafeHandleLease self = new(_element);
        try
        {
            GSignal.InitInstance(&values[0], self.Pointer);
            GObject.g_value_init(&values[1], GTypes.UInt);
            GObject.g_value_set_uint(&values[1], mlineIndex);
            GObject.g_value_init(&values[2], GTypes.String);
            if (candidate.Length > 0)
            {
                GObject.g_value_set_string(&values[2], candidate);
            }

            GObject.g_signal_emitv(values, GSignal.Lookup(self.Pointer, "add-ice-candidate"), 0, null);
        }
        finally
        {
            GSignal.UnsetAll(new Span<GValue>(values, 3));
        }
    }

    /// <summary>
    /// Emits <c>add-transceiver</c> with codec preferences <paramref name="caps"/> (e.g. a receive-only video
    /// m-line of an offerer) and returns a reference to the new transceiver.
    /// </summary>
    public unsafe GstObjectHandle AddTransceiver(TransceiverDirection direction, string caps)
    {
        nint capsPtr = ParseCaps(caps);
        GValue* values = stackalloc GValue[3];
        new Span<GValue>(values, 3).Clear();
        GValue result = default;
        using SafeHandleLease self = new(_element);
        try
        {
            GSignal.InitInstance(&values[0], self.Pointer);
            GObject.g_value_init(&values[1], GstWebRtc.gst_webrtc_rtp_transceiver_direction_get_type());
            GObject.g_value_set_enum(&values[1], (int)direction);
            GObject.g_value_init(&values[2], Gst.gst_caps_get_type());
            GObject.g_value_set_boxed(&values[2], capsPtr);
            GObject.g_value_init(&result, GstWebRtc.gst_webrtc_rtp_transceiver_get_type());
            GObject.g_signal_emitv(values, GSignal.Lookup(self.Pointer, "add-transceiver"), 0, &result);
            nint transceiver = GObject.g_value_get_object(&result);
            return transceiver == 0
                ? throw new InvalidOperationException($"webrtcbin did not add a {direction} transceiver for {caps}.")
                : new GstObjectHandle(Gst.gst_object_ref(transceiver));
        }
        finally
        {
            GSignal.UnsetAll(new Span<GValue>(values, 3));
            GSignal.UnsetAll(new Span<GValue>(&result, 1));
            Gst.gst_mini_object_unref(capsPtr);
        }
    }

    /// <summary>
    /// The transceiver of the webrtcbin sink pad that <paramref name="upstream"/>'s <c>src</c> pad feeds (a new
    /// reference), e.g. the payloader linked to webrtcbin in a launch description.
    /// </summary>
    public static unsafe GstObjectHandle TransceiverFedBy(GstObjectHandle upstream)
    {
        using GstObjectHandle src = Gst.gst_element_get_static_pad(upstream, "src");
        if (src.IsInvalid)
        {
            throw new InvalidOperationException("The element feeding webrtcbin has no src pad.");
        }

        using GstObjectHandle sink = Gst.gst_pad_get_peer(src);
        if (sink.IsInvalid)
        {
            throw new InvalidOperationException("The element meant to feed webrtcbin is not linked to it.");
        }

        GValue value = default;
        GObject.g_value_init(&value, GObjectTypes.Object);
        try
        {
            GObject.g_object_get_property(sink, "transceiver", &value);
            nint transceiver = GObject.g_value_get_object(&value);
            return transceiver == 0
                ? throw new InvalidOperationException("The webrtcbin sink pad has no transceiver.")
                : new GstObjectHandle(Gst.gst_object_ref(transceiver));
        }
        finally
        {
            GObject.g_value_unset(&value);
        }
    }

    /// <summary>Sets a transceiver's <c>codec-preferences</c> to <paramref name="caps"/>.</summary>
    public static unsafe void SetCodecPreferences(GstObjectHandle transceiver, string caps)
    {
        nint capsPtr = ParseCaps(caps);
        GValue value = default;
        GObject.g_value_init(&value, Gst.gst_caps_get_type());
        try
        {
            GObject.g_value_set_boxed(&value, capsPtr);
            GObject.g_object_set_property(transceiver, "codec-preferences", &value);
        }
        finally
        {
            GObject.g_value_unset(&value);
            Gst.gst_mini_object_unref(capsPtr);
        }
    }

    /// <summary>Sets a transceiver's <c>direction</c>.</summary>
    public static unsafe void SetDirection(GstObjectHandle transceiver, TransceiverDirection direction)
    {
        GValue value = default;
        GObject.g_value_init(&value, GstWebRtc.gst_webrtc_rtp_transceiver_direction_get_type());
        GObject.g_value_set_enum(&value, (int)direction);
        GObject.g_object_set_property(transceiver, "direction", &value);
        GObject.g_value_unset(&value);
    }

    /// <summary>The caps of a pad, as text (for matching a new src pad to its branch), or null.</summary>
    public static string? CapsOf(nint pad)
    {
        nint caps = Gst.gst_pad_get_current_caps(pad);
        if (caps == 0)
        {
            caps = Gst.gst_pad_query_caps(pad, 0);
        }

        if (caps == 0)
        {
            return null;
        }

        try
        {
            return GLib.TakeString(Gst.gst_caps_to_string(caps));
        }
        finally
        {
            Gst.gst_mini_object_unref(caps);
        }
    }

    public void Dispose()
    {
        foreach (GSignalConnection connection in _connections)
        {
            connection.Dispose();
        }

        _connections.Clear();
    }

    private static nint ParseCaps(string caps)
    {
        nint parsed = Gst.gst_caps_from_string(caps);
        return parsed != 0 ? parsed : throw new ArgumentException($"'{caps}' are not valid GStreamer caps.", nameof(caps));
    }

    private async Task SetDescriptionAsync(string signal, GstSessionDescriptionHandle description, CancellationToken cancellationToken)
    {
        using var promise = GstPromise.Create(cancellationToken);
        EmitWithPromise(signal, GstWebRtc.gst_webrtc_session_description_get_type(), description, promise);
        await promise.GetReplyAsync($"webrtcbin's {signal}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<GstSessionDescriptionHandle> CreateDescriptionAsync(string signal, string field, CancellationToken cancellationToken)
    {
        using var promise = GstPromise.Create(cancellationToken);
        EmitWithPromise(signal, Gst.gst_structure_get_type(), null, promise);
        nint reply = await promise.GetReplyAsync($"webrtcbin's {signal}", cancellationToken).ConfigureAwait(false);
        nint description = BoxedField(reply, field);
        return description == 0
            ? throw new InvalidOperationException($"webrtcbin's {signal} replied without an {field}.")
            : GstSessionDescriptionHandle.CopyOf(description);
    }

    /// <summary>The boxed pointer in <paramref name="structure"/>'s field (owned by the structure), or 0.</summary>
    private static unsafe nint BoxedField(nint structure, string field)
    {
        nint value = structure == 0 ? 0 : Gst.gst_structure_get_value(structure, field);
        return value == 0 ? 0 : GObject.g_value_get_boxed((GValue*)value);
    }

    /// <summary>Emits a (boxed argument, promise) action signal; a null <paramref name="argument"/> passes NULL.</summary>
    private unsafe void EmitWithPromise(string signal, nuint argumentType, GstSessionDescriptionHandle? argument, GstPromise promise)
    {
        GValue* values = stackalloc GValue[3];
        new Span<GValue>(values, 3).Clear();
        using SafeHandleLease self = new(_element);
        bool added = false;
        try
        {
            GSignal.InitInstance(&values[0], self.Pointer);
            GObject.g_value_init(&values[1], argumentType);
            if (argument is not null)
            {
                // g_value_set_boxed copies the description; the lease only covers the copy.
                argument.DangerousAddRef(ref added);
                GObject.g_value_set_boxed(&values[1], argument.DangerousGetHandle());
            }

            GObject.g_value_init(&values[2], Gst.gst_promise_get_type());
            GObject.g_value_set_boxed(&values[2], promise.Handle);
            GObject.g_signal_emitv(values, GSignal.Lookup(self.Pointer, signal), 0, null);
        }
        finally
        {
            GSignal.UnsetAll(new Span<GValue>(values, 3));
            if (added)
            {
                argument!.DangerousRelease();
            }
        }
    }

    private unsafe int GetEnum(string property, nuint enumType)
    {
        GValue value = default;
        GObject.g_value_init(&value, enumType);
        GObject.g_object_get_property(_element, property, &value);
        int result = GObject.g_value_get_enum(&value);
        GObject.g_value_unset(&value);
        return result;
    }

    private unsafe string? GetDescriptionText(string property)
    {
        GValue value = default;
        GObject.g_value_init(&value, GstWebRtc.gst_webrtc_session_description_get_type());
        try
        {
            GObject.g_object_get_property(_element, property, &value);
            return GstSessionDescriptionHandle.TextOf(GObject.g_value_get_boxed(&value));
        }
        finally
        {
            GObject.g_value_unset(&value);
        }
    }

    private void Raise(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            try
            {
                CallbackFailed?.Invoke(e);
            }
            catch (Exception)
            {
                // Nothing is left to report to; an exception must not unwind into GStreamer's C frames.
            }
        }
    }

    [UnmanagedCallersOnly]
    private static void OnIceCandidate(nint self, uint mline, nint candidate, nint data)
    {
        if (GSignalConnection.Target<WebRtcBin>(data) is { } bin && bin.IceCandidateGathered is { } handler)
        {
            string text = GLib.PtrToString(candidate) ?? "";
            bin.Raise(() => handler((int)mline, text));
        }
    }

    [UnmanagedCallersOnly]
    private static void OnPadAdded(nint self, nint pad, nint data)
    {
        if (GSignalConnection.Target<WebRtcBin>(data) is { } bin && bin.PadAdded is { } handler)
        {
            bin.Raise(() => handler(pad));
        }
    }

    [UnmanagedCallersOnly]
    private static void OnGatheringNotify(nint self, nint pspec, nint data)
    {
        if (GSignalConnection.Target<WebRtcBin>(data) is { } bin && bin.IceGatheringStateChanged is { } handler)
        {
            bin.Raise(handler);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnConnectionNotify(nint self, nint pspec, nint data)
    {
        if (GSignalConnection.Target<WebRtcBin>(data) is { } bin && bin.ConnectionStateChanged is { } handler)
        {
            bin.Raise(handler);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnIceConnectionNotify(nint self, nint pspec, nint data)
    {
        if (GSignalConnection.Target<WebRtcBin>(data) is { } bin && bin.ConnectionStateChanged is { } handler)
        {
            bin.Raise(handler);
        }
    }
}
