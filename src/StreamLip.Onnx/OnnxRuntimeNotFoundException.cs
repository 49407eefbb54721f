using StreamLip.Onnx.Native;

namespace StreamLip.Onnx;

/// <summary>
/// The ONNX Runtime library (<c>libonnxruntime.so.1</c>) is missing, cannot be loaded, or is too old. The message
/// lists every path tried and how to install it.
/// </summary>
public sealed class OnnxRuntimeNotFoundException : Exception
{
    private OnnxRuntimeNotFoundException(string message, IReadOnlyList<string> searchedPaths, Exception? inner)
        : base(message, inner)
    {
        SearchedPaths = searchedPaths;
    }

    /// <summary>The files that were looked for, in order.</summary>
    public IReadOnlyList<string> SearchedPaths { get; }

    internal static OnnxRuntimeNotFoundException Create(string reason, IReadOnlyList<string> searchedPaths, Exception? inner = null)
    {
        string message =
            $"ONNX Runtime ({OrtLibraryLocator.LibraryFileName}, version {OrtRuntime.PinnedVersion}) is not available: {reason}.{Environment.NewLine}" +
            $"Looked for:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", searchedPaths) + Environment.NewLine +
            $"Run `./streamlip setup` to install it (npm package onnxruntime-node@{OrtRuntime.PinnedVersion}, installed with its " +
            $"install script skipped), or set {OrtLibraryLocator.EnvironmentVariable} (or {nameof(Wav2LipModelOptions)}." +
            $"{nameof(Wav2LipModelOptions.LibraryPath)}) to the {OrtLibraryLocator.LibraryFileName} of an official ONNX Runtime " +
            $"{OrtRuntime.PinnedVersion} build (the GPU build for CUDA / TensorRT).";
        return new OnnxRuntimeNotFoundException(message, searchedPaths, inner);
    }
}
