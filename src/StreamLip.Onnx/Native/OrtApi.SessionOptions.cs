namespace StreamLip.Onnx.Native;

/// <summary>OrtSessionOptions: how a session is built (threads, optimisation, execution providers).</summary>
internal sealed unsafe partial class OrtApi
{
    public OrtSessionOptionsHandle CreateSessionOptions()
    {
        var options = new OrtSessionOptionsHandle(this);
        nint raw;
        Check(_createSessionOptions(&raw), "CreateSessionOptions");
        options.Attach(raw);
        return options;
    }

    public void SetGraphOptimizationLevel(OrtSessionOptionsHandle options, GraphOptimizationLevel level)
    {
        using var o = new HandleLease(options);
        Check(_setSessionGraphOptimizationLevel(o.Pointer, (int)level), "SetSessionGraphOptimizationLevel");
    }

    /// <summary>
    /// Turns off ORT's memory patterns: with them a session plans and keeps one block per distinct input shape, so a
    /// model run at many batch sizes grows with every new size; without them intermediates come from the arena.
    /// </summary>
    public void DisableMemPattern(OrtSessionOptionsHandle options)
    {
        using var o = new HandleLease(options);
        Check(_disableMemPattern(o.Pointer), "DisableMemPattern");
    }

    /// <summary>Threads used inside one operator; 0 lets ORT choose (one per physical core).</summary>
    public void SetIntraOpNumThreads(OrtSessionOptionsHandle options, int threads)
    {
        using var o = new HandleLease(options);
        Check(_setIntraOpNumThreads(o.Pointer, threads), "SetIntraOpNumThreads");
    }
}
