using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using StreamLip.Onnx.Runtime;
using OrtException = Microsoft.ML.OnnxRuntime.OnnxRuntimeException;

namespace StreamLip.Onnx.Sessions;

/// <summary>
/// Appends the requested providers to session options, in order, skipping each one that cannot be used, with one
/// line saying why and what to install: not compiled into this ONNX Runtime build (the CPU package), libraries it needs
/// missing (checked first with <see cref="GpuLibraries"/>, so the line names all of them), or failing to append. The
/// CPU provider needs no appending; it ends the list.
/// </summary>
internal static class ExecutionProviderAppender
{
    /// <summary>What the line of a provider missing from the build tells the user to do.</summary>
    public const string GpuBuildHint = "build with the GPU package: STREAMLIP_ONNXRUNTIME=gpu ./streamlip setup";

    /// <summary>What the line of a provider with missing libraries tells the user to do.</summary>
    public const string LibraryHint =
        "install them and put their directory on LD_LIBRARY_PATH or in StreamLip:Gpu:LibraryDirectories (README, \"GPU set-up\")";

    /// <param name="options">The options to append to; they must outlive nothing here (ORT copies provider options).</param>
    /// <param name="settings">Providers and GPU settings.</param>
    /// <param name="inputs">The model's inputs, read only when TensorRT is appended (its optimisation profile names them).</param>
    /// <exception cref="InvalidOperationException">None of the requested providers can be used.</exception>
    public static ProviderChoice Append(SessionOptions options, SessionSettings settings, Func<IReadOnlyList<TensorSpec>> inputs)
    {
        var available = OnnxRuntimeEnvironment.AvailableProviders;
        var appended = new List<string>();
        var skipped = new List<string>();

        foreach (var provider in settings.Providers)
        {
            string name = ExecutionProviderNames.OrtName(provider);
            if (provider == ExecutionProvider.Cpu)
            {
                appended.Add(name);
                break;
            }

            if (!available.Contains(name, StringComparer.Ordinal))
            {
                skipped.Add($"{provider}: not in this ONNX Runtime build ({OnnxRuntimeEnvironment.Version}, it has {string.Join(", ", available)}); {GpuBuildHint}");
                continue;
            }

            var missing = GpuLibraries.Missing(provider == ExecutionProvider.TensorRT ? GpuLibraries.TensorRT : GpuLibraries.Cuda, settings.Gpu.LibraryDirectories);
            if (missing.Count > 0)
            {
                skipped.Add($"{provider}: missing {string.Join("; ", missing)}; {LibraryHint}");
                continue;
            }

            try
            {
                if (provider == ExecutionProvider.TensorRT)
                {
                    using var trt = new OrtTensorRTProviderOptions();
                    trt.UpdateOptions(TensorRtOptions(settings, inputs()));
                    options.AppendExecutionProvider_Tensorrt(trt);
                }
                else
                {
                    using var cuda = new OrtCUDAProviderOptions();
                    cuda.UpdateOptions(CudaOptions(settings.Gpu));
                    options.AppendExecutionProvider_CUDA(cuda);
                }

                appended.Add(name);
            }
            catch (OrtException e)
            {
                skipped.Add($"{provider}: {FirstLine(OrtErrors.Split(e.Message).Text)}");
            }
        }

        if (appended.Count == 0)
        {
            throw new InvalidOperationException(
                $"None of the requested execution providers ({string.Join(", ", settings.Providers)}) can be used: " +
                $"{string.Join("; ", skipped)}. Add {nameof(ExecutionProvider.Cpu)} to {nameof(Wav2LipModelOptions)}." +
                $"{nameof(Wav2LipModelOptions.Providers)} to fall back to the CPU.");
        }

        return new ProviderChoice(appended[0], appended, skipped);
    }

    /// <summary>
    /// TensorRT's options: fp16 as configured, engine and timing caches on disk, and one optimisation profile from
    /// batch 1 to <see cref="SessionSettings.MaxBatch"/> (opt = max: the batcher's runs grow with load) for every input
    /// with an open batch axis, so TensorRT builds one engine instead of one per batch size.
    /// </summary>
    public static Dictionary<string, string> TensorRtOptions(SessionSettings settings, IReadOnlyList<TensorSpec> inputs)
    {
        var gpu = settings.Gpu;
        var o = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = gpu.DeviceId.ToString(CultureInfo.InvariantCulture),
            ["trt_fp16_enable"] = gpu.TensorRtFp16 ? "1" : "0",
        };
        if (gpu.TensorRtCacheDirectory is { Length: > 0 } cache)
        {
            Directory.CreateDirectory(cache);
            o["trt_engine_cache_enable"] = "1";
            o["trt_engine_cache_path"] = cache;
            o["trt_timing_cache_enable"] = "1";
            o["trt_timing_cache_path"] = cache;
        }

        var open = inputs.Where(i => i.Dimensions.Count > 0 && i.Dimensions[0] < 0 && i.Dimensions.Skip(1).All(d => d > 0)).ToArray();
        if (open.Length > 0)
        {
            o["trt_profile_min_shapes"] = Profile(open, 1);
            o["trt_profile_opt_shapes"] = Profile(open, settings.MaxBatch);
            o["trt_profile_max_shapes"] = Profile(open, settings.MaxBatch);
        }

        return o;
    }

    /// <summary>The CUDA provider's options: device, arena growth, cuDNN's algorithm search, copies on the default stream.</summary>
    public static Dictionary<string, string> CudaOptions(GpuOptions gpu)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = gpu.DeviceId.ToString(CultureInfo.InvariantCulture),
            ["arena_extend_strategy"] = "kNextPowerOfTwo",
            ["cudnn_conv_algo_search"] = gpu.CudaConvolutionSearch switch
            {
                CudaConvolutionSearch.Heuristic => "HEURISTIC",
                CudaConvolutionSearch.Default => "DEFAULT",
                _ => "EXHAUSTIVE",
            },
            ["cudnn_conv_use_max_workspace"] = "1",
            ["do_copy_in_default_stream"] = "1",
        };
        if (gpu.CudaMemoryLimitMiB > 0)
        {
            o["gpu_mem_limit"] = (gpu.CudaMemoryLimitMiB * 1024L * 1024L).ToString(CultureInfo.InvariantCulture);
        }

        return o;
    }

    // "mel:5x1x80x16,face:5x6x96x96"
    private static string Profile(IEnumerable<TensorSpec> inputs, int batch) =>
        string.Join(',', inputs.Select(i => $"{i.Name}:{batch}x{string.Join('x', i.Dimensions.Skip(1))}"));

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
