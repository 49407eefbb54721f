using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace StreamLip.Onnx.Sessions;

/// <summary>One declared input or output of a session: name, kind, element type and shape.</summary>
/// <param name="Name">The name in the graph.</param>
/// <param name="ValueType">Tensor, sequence, map, ...</param>
/// <param name="ElementType">The tensor's element type (<see cref="TensorElementType.DataTypeMax"/> for non-tensors).</param>
/// <param name="Dimensions">Each dimension; -1 where the model leaves it open.</param>
/// <param name="SymbolicDimensions">Each dimension's symbolic name (e.g. <c>batch</c>), empty where it has none.</param>
internal sealed record TensorSpec(
    string Name,
    OnnxValueType ValueType,
    TensorElementType ElementType,
    IReadOnlyList<long> Dimensions,
    IReadOnlyList<string> SymbolicDimensions)
{
    /// <summary>Reads ORT's description of one node.</summary>
    public static TensorSpec From(string name, NodeMetadata node) =>
        node.IsTensor
            ? new TensorSpec(name, node.OnnxValueType, node.ElementDataType, [.. node.Dimensions.Select(d => (long)d)], [.. node.SymbolicDimensions.Select(s => s ?? "")])
            : new TensorSpec(name, node.OnnxValueType, TensorElementType.DataTypeMax, [], []);

    /// <summary>True for a float32 tensor of the given rank.</summary>
    public bool IsFloatTensor(int rank) =>
        ValueType == OnnxValueType.ONNX_TYPE_TENSOR && ElementType == TensorElementType.Float && Dimensions.Count == rank;

    /// <summary>E.g. <c>mel float32 [batch,1,80,16]</c>; an open dimension shows its symbol, or <c>?</c>.</summary>
    public override string ToString()
    {
        if (ValueType != OnnxValueType.ONNX_TYPE_TENSOR)
        {
            return $"{Name} {ValueType.ToString().Replace("ONNX_TYPE_", "", StringComparison.Ordinal).ToLowerInvariant()}";
        }

        string[] dims = new string[Dimensions.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = Dimensions[i] >= 0
                ? Dimensions[i].ToString(CultureInfo.InvariantCulture)
                : SymbolicDimensions[i].Length > 0 ? SymbolicDimensions[i] : "?";
        }

        return $"{Name} {ElementTypeName(ElementType)} [{string.Join(',', dims)}]";
    }

    private static string ElementTypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Double => "float64",
        TensorElementType.Float16 => "float16",
        TensorElementType.BFloat16 => "bfloat16",
        _ => type.ToString().ToLowerInvariant(),
    };
}
