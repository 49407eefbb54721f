using System.Runtime.InteropServices;

namespace StreamLip.Onnx.Native;

/// <summary>OrtTypeInfo / OrtTensorTypeAndShapeInfo: the declared type and shape of an input or output.</summary>
internal sealed unsafe partial class OrtApi
{
    public OnnxValueType GetValueType(OrtTypeInfoHandle typeInfo)
    {
        using var t = new HandleLease(typeInfo);
        int type;
        Check(_getOnnxTypeFromTypeInfo(t.Pointer, &type), "GetOnnxTypeFromTypeInfo");
        return (OnnxValueType)type;
    }

    /// <summary>
    /// Element type, dimensions (-1 where unknown) and the symbolic name of each dimension (empty where none) of a
    /// tensor type. Call only when <see cref="GetValueType"/> says <see cref="OnnxValueType.Tensor"/>.
    /// </summary>
    public (OnnxElementType ElementType, long[] Dimensions, string[] SymbolicDimensions) GetTensorShape(OrtTypeInfoHandle typeInfo)
    {
        using var t = new HandleLease(typeInfo);

        // The tensor info belongs to the type info: not released here.
        nint info;
        Check(_castTypeInfoToTensorInfo(t.Pointer, &info), "CastTypeInfoToTensorInfo");
        if (info == nint.Zero)
        {
            throw new InvalidOperationException("The value is not a tensor.");
        }

        int element;
        Check(_getTensorElementType(info, &element), "GetTensorElementType");
        nuint rank;
        Check(_getDimensionsCount(info, &rank), "GetDimensionsCount");

        var dims = new long[(int)rank];
        var symbols = new string[(int)rank];
        if (rank > 0)
        {
            var names = new nint[(int)rank];
            fixed (long* d = dims)
            fixed (nint* n = names)
            {
                Check(_getDimensions(info, d, rank), "GetDimensions");
                Check(_getSymbolicDimensions(info, (byte**)n, rank), "GetSymbolicDimensions");
            }

            // The symbolic names are owned by the tensor info.
            for (int i = 0; i < names.Length; i++)
            {
                symbols[i] = names[i] == nint.Zero ? string.Empty : Marshal.PtrToStringUTF8(names[i]) ?? string.Empty;
            }
        }

        return ((OnnxElementType)element, dims, symbols);
    }
}
