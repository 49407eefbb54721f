namespace StreamLip.Onnx.Native;

/// <summary>OrtSession: load a model, describe its inputs and outputs, run it.</summary>
internal sealed unsafe partial class OrtApi
{
    /// <summary>Loads the model at <paramref name="modelPath"/>. ORT's message says why a file is not a model.</summary>
    public OrtSessionHandle CreateSession(OrtEnvHandle env, string modelPath, OrtSessionOptionsHandle options)
    {
        var session = new OrtSessionHandle(this);
        using var e = new HandleLease(env);
        using var o = new HandleLease(options);
        nint raw;
        fixed (byte* path = Utf8.NullTerminated(modelPath))
        {
            Check(_createSession(e.Pointer, path, o.Pointer, &raw), "CreateSession");
        }

        session.Attach(raw);
        return session;
    }

    public int GetInputCount(OrtSessionHandle session)
    {
        using var s = new HandleLease(session);
        nuint count;
        Check(_sessionGetInputCount(s.Pointer, &count), "SessionGetInputCount");
        return checked((int)count);
    }

    public int GetOutputCount(OrtSessionHandle session)
    {
        using var s = new HandleLease(session);
        nuint count;
        Check(_sessionGetOutputCount(s.Pointer, &count), "SessionGetOutputCount");
        return checked((int)count);
    }

    public string GetInputName(OrtSessionHandle session, int index)
    {
        using var s = new HandleLease(session);
        byte* name;
        Check(_sessionGetInputName(s.Pointer, (nuint)index, DefaultAllocator, &name), "SessionGetInputName");
        return TakeString(name);
    }

    public string GetOutputName(OrtSessionHandle session, int index)
    {
        using var s = new HandleLease(session);
        byte* name;
        Check(_sessionGetOutputName(s.Pointer, (nuint)index, DefaultAllocator, &name), "SessionGetOutputName");
        return TakeString(name);
    }

    public OrtTypeInfoHandle GetInputTypeInfo(OrtSessionHandle session, int index)
    {
        var info = new OrtTypeInfoHandle(this);
        using var s = new HandleLease(session);
        nint raw;
        Check(_sessionGetInputTypeInfo(s.Pointer, (nuint)index, &raw), "SessionGetInputTypeInfo");
        info.Attach(raw);
        return info;
    }

    public OrtTypeInfoHandle GetOutputTypeInfo(OrtSessionHandle session, int index)
    {
        var info = new OrtTypeInfoHandle(this);
        using var s = new HandleLease(session);
        nint raw;
        Check(_sessionGetOutputTypeInfo(s.Pointer, (nuint)index, &raw), "SessionGetOutputTypeInfo");
        info.Attach(raw);
        return info;
    }

    /// <summary>
    /// Runs the session with pre-allocated outputs (ORT writes into them instead of allocating). The arrays are
    /// native: <paramref name="inputNames"/>/<paramref name="outputNames"/> point to UTF-8 names, the value arrays
    /// to <c>OrtValue</c>s; the caller keeps all of them alive and pinned for the call. Run options are the defaults.
    /// </summary>
    public void Run(
        OrtSessionHandle session,
        nint* inputNames,
        nint* inputs,
        int inputCount,
        nint* outputNames,
        nint* outputs,
        int outputCount)
    {
        using var s = new HandleLease(session);
        Check(
            _run(s.Pointer, nint.Zero, inputNames, inputs, (nuint)inputCount, outputNames, (nuint)outputCount, outputs),
            "Run");
    }
}
