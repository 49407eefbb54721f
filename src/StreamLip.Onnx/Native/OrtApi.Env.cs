namespace StreamLip.Onnx.Native;

/// <summary>OrtEnv: logging and global state, one per process.</summary>
internal sealed unsafe partial class OrtApi
{
    /// <summary>Creates an environment that logs at <paramref name="level"/> and above to stderr.</summary>
    public OrtEnvHandle CreateEnv(OrtLoggingLevel level, string logId)
    {
        var env = new OrtEnvHandle(this);
        nint raw;
        fixed (byte* id = Utf8.NullTerminated(logId))
        {
            Check(_createEnv((int)level, id, &raw), "CreateEnv");
        }

        env.Attach(raw);
        return env;
    }
}
