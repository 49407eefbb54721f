namespace StreamLip.Onnx.Sessions;

/// <summary>A shared library a GPU provider needs at append time, and where a user gets it.</summary>
/// <param name="FileName">The soname the provider asks the loader for, e.g. <c>libcudart.so.13</c>.</param>
/// <param name="ProvidedBy">Which package or wheel ships it.</param>
internal sealed record GpuLibrary(string FileName, string ProvidedBy);
