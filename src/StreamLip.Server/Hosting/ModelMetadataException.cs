namespace StreamLip.Server.Hosting;

/// <summary>The model matched the contract but declares metadata StreamLip cannot use (a framing or mel alignment it does not know); serve exits 2.</summary>
internal sealed class ModelMetadataException(string modelPath, ArgumentException inner) : Exception(
    $"'{modelPath}' declares metadata StreamLip cannot use: {inner.Message} Fix the value (models/tools/export_onnx.py writes it) or remove the key.",
    inner);
