using StreamLip.Onnx.Native;

namespace StreamLip.Onnx.Sessions;

/// <summary>One declared input or output of a session: name, kind, element type and shape.</summary>
/// <param name="Name">The name in the graph.</param>
/// <param name="ValueType">Tensor, sequence, map, ...</param>
/// <param name="ElementType">The tensor's element type (<see cref="OnnxElementType.Undefined"/> for non-tensors).</param>
/// <param name="Dimensions">Each dimension; -1 where the model leaves it open.</param>
/// <param name="SymbolicDimensions">Each dimension's symbolic name (e.g. <c>batch</c>), empty where it has none.</param>
internal sealed record TensorSpec(
    string Name,
    OnnxValueType ValueType,
    OnnxElementType ElementType,
    IReadOnlyList<long> Dimensions,
    IReadOnlyList<string> SymbolicDimensions)
{
    /// <summary>True for a float32 tensor of the given rank.</summary>
    public bool IsFloatTensor(int rank) =>
        ValueType == OnnxValueType.Tensor && ElementType == OnnxElementType.Float && Dimensions.Count == rank;

    /// <summary>E.g. <c>mel float32 [batch,1,80,16]</c>; an open dimension shows its symbol, or <c>?</c>.</summary>
    public override string ToString()
    {
        if (ValueType != OnnxValueType.Tensor)
        {
            return $"{Name} {ValueType.ToString().ToLowerInvariant()}";
        }

        var dims = new string[Dimensions.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = Dimensions[i] >= 0
                ? Dimensions[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : SymbolicDimensions[i].Length > 0 ? SymbolicDimensions[i] : "?";
        }

        return $"{Name} {ElementTypeName(ElementType)} [{string.Join(',', dims)}]";
    }

    private static string ElementTypeName(OnnxElementType type) => type switch
    {
        OnnxElementType.Float => "float32",
        OnnxElementType.Double => "float64",
        OnnxElementType.Float16 => "float16",
        OnnxElementType.BFloat16 => "bfloat16",
        _ => type.ToString().ToLowerInvariant(),
    };
}
