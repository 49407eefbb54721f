using StreamLip.Onnx;

namespace StreamLip.Server.Hosting;

/// <summary>The model loaded and matched the contract but failed the warm-up run at start (serve exits 2).</summary>
internal sealed class ModelWarmUpException(string modelPath, int batch, int faceSize, OnnxRuntimeException inner) : Exception(
    $"'{modelPath}' loaded but failed its warm-up run of {batch} frames: {inner.RuntimeMessage} " +
    $"The server runs every batch size from 1 to {batch} (inputs [{batch}, 1, 80, 16] and [{batch}, 6, {faceSize}, {faceSize}]); " +
    "export the model with a dynamic batch axis, or lower StreamLip:MaxRunFrames.",
    inner);
