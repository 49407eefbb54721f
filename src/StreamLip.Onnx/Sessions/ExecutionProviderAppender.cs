using StreamLip.Onnx.Native;

namespace StreamLip.Onnx.Sessions;

/// <summary>
/// Appends the requested providers to session options, in order, skipping each one that cannot be used:
/// not reported by <c>GetAvailableProviders</c>, its provider library absent next to libonnxruntime (checked first so
/// that a CPU-only install is quiet: ORT would log an error for each failed load), or failing to append
/// (no CUDA / TensorRT on the machine). The CPU provider needs no appending; it ends the list.
/// </summary>
internal static class ExecutionProviderAppender
{
    // Provider options set through the V2 update calls: GPU 0, the device a single-GPU server has.
    private static readonly KeyValuePair<string, string>[] DeviceZero = [new("device_id", "0")];

    /// <exception cref="InvalidOperationException">None of the requested providers can be used.</exception>
    public static ProviderChoice Append(OrtRuntime runtime, OrtSessionOptionsHandle options, IReadOnlyList<ExecutionProvider> requested)
    {
        var api = runtime.Api;
        var available = api.GetAvailableProviders();
        string libraryDirectory = Path.GetDirectoryName(runtime.LibraryPath) ?? ".";
        var appended = new List<string>();
        var skipped = new List<string>();

        foreach (var provider in requested)
        {
            string name = ExecutionProviderNames.OrtName(provider);
            if (provider == ExecutionProvider.Cpu)
            {
                appended.Add(name);
                break;
            }

            if (!available.Contains(name, StringComparer.Ordinal))
            {
                skipped.Add($"{provider}: not built into ONNX Runtime {api.Version} (it has {string.Join(", ", available)})");
                continue;
            }

            var missing = ExecutionProviderNames.ProviderLibraries(provider)
                .Select(file => Path.Combine(libraryDirectory, file))
                .Where(path => !File.Exists(path))
                .ToArray();
            if (missing.Length > 0)
            {
                skipped.Add($"{provider}: {string.Join(", ", missing)} not found (a CPU-only ONNX Runtime)");
                continue;
            }

            try
            {
                AppendGpu(api, options, provider);
                appended.Add(name);
            }
            catch (OnnxRuntimeException e)
            {
                skipped.Add($"{provider}: {FirstLine(e.RuntimeMessage)}");
            }
        }

        if (appended.Count == 0)
        {
            throw new InvalidOperationException(
                $"None of the requested execution providers ({string.Join(", ", requested)}) can be used: " +
                $"{string.Join("; ", skipped)}. Add {nameof(ExecutionProvider.Cpu)} to {nameof(Wav2LipModelOptions)}." +
                $"{nameof(Wav2LipModelOptions.Providers)} to fall back to the CPU.");
        }

        return new ProviderChoice(appended[0], appended, skipped);
    }

    private static void AppendGpu(OrtApi api, OrtSessionOptionsHandle options, ExecutionProvider provider)
    {
        if (provider == ExecutionProvider.TensorRT)
        {
            using var trt = api.CreateTensorRTProviderOptions();
            api.UpdateTensorRTProviderOptions(trt, DeviceZero);
            api.AppendTensorRT(options, trt);
        }
        else
        {
            using var cuda = api.CreateCudaProviderOptions();
            api.UpdateCudaProviderOptions(cuda, DeviceZero);
            api.AppendCuda(options, cuda);
        }
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
