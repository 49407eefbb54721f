using System.Runtime.InteropServices;

namespace StreamLip.Onnx.Sessions;

/// <summary>
/// The libraries ONNX Runtime 1.32's GPU providers load (read from the NEEDED entries of
/// <c>libonnxruntime_providers_cuda.so</c> / <c>_tensorrt.so</c>, plus cuDNN, which the CUDA provider opens itself),
/// and a check that loads each one, so that a skipped provider names everything missing at once instead of the first
/// file the dynamic loader tripped over. Each library found stays loaded: the provider's own NEEDED entries then
/// resolve to it even when it came from <see cref="GpuOptions.LibraryDirectories"/> rather than LD_LIBRARY_PATH.
/// </summary>
internal static class GpuLibraries
{
    private const string CudaWheels = "NVIDIA's CUDA 13 apt repository or the cu13 pip wheels";

    public static readonly GpuLibrary[] Cuda =
    [
        new("libcuda.so.1", "the NVIDIA driver"),
        new("libcudart.so.13", $"CUDA 13 runtime (cuda-cudart-13-0, or pip nvidia-cuda-runtime; {CudaWheels})"),
        new("libcublas.so.13", $"cuBLAS 13 (libcublas-13-0, or pip nvidia-cublas; {CudaWheels})"),
        new("libcublasLt.so.13", $"cuBLAS 13 (libcublas-13-0, or pip nvidia-cublas; {CudaWheels})"),
        new("libcurand.so.10", $"cuRAND (libcurand-13-0, or pip nvidia-curand; {CudaWheels})"),
        new("libcudnn.so.9", "cuDNN 9 for CUDA 13 (libcudnn9-cuda-13, or pip nvidia-cudnn-cu13)"),
    ];

    public static readonly GpuLibrary[] TensorRT =
    [
        .. Cuda,
        new("libnvinfer.so.10", "TensorRT 10 (libnvinfer10, or pip tensorrt-cu13-libs)"),
        new("libnvonnxparser.so.10", "TensorRT 10's ONNX parser (libnvonnxparsers10, or pip tensorrt-cu13-libs)"),
    ];

    /// <summary>Loads each library (from <paramref name="directories"/> first, then the loader's own search) and
    /// returns those that could not be loaded, with the loader's reason.</summary>
    public static IReadOnlyList<string> Missing(IReadOnlyList<GpuLibrary> needed, IReadOnlyList<string> directories)
    {
        var missing = new List<string>();
        foreach (var library in needed)
        {
            if (!TryLoad(library.FileName, directories))
            {
                missing.Add($"{library.FileName} ({library.ProvidedBy})");
            }
        }

        return missing;
    }

    private static bool TryLoad(string fileName, IReadOnlyList<string> directories)
    {
        foreach (string directory in directories)
        {
            string path = Path.Combine(directory, fileName);
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out _))
            {
                return true;
            }
        }

        return NativeLibrary.TryLoad(fileName, out _);
    }
}
