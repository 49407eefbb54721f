using StreamLip.Onnx.Contract;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using StreamLip.Onnx.Sessions;

namespace StreamLip.Onnx.Tests.Contract;

/// <summary>The contract check on declared shapes (no session needed).</summary>
public sealed class Wav2LipContractTests
{
    private static readonly TensorSpec Mel = Float("m", -1, 1, 80, 16);
    private static readonly TensorSpec Face = Float("f", -1, 6, 256, 256);
    private static readonly TensorSpec Output = Float("o", -1, 3, 256, 256);

    [Fact]
    public void A_conforming_model_binds_by_shape_in_either_input_order()
    {
        var binding = Wav2LipContract.Bind("x.onnx", [Face, Mel], [Output]);

        Assert.Same(Mel, binding.Mel);
        Assert.Same(Face, binding.Face);
        Assert.Same(Output, binding.Output);
        Assert.Equal(256, binding.FaceSize);
        Assert.Null(binding.FixedBatch);
    }

    [Fact]
    public void A_batch_fixed_on_any_tensor_is_the_model_batch()
    {
        var binding = Wav2LipContract.Bind("x.onnx", [Float("m", 4, 1, 80, 16), Face], [Float("o", 4, 3, 256, 256)]);

        Assert.Equal(4, binding.FixedBatch);
    }

    [Fact]
    public void A_third_input_of_68_points_binds_as_the_landmarks()
    {
        var landmarks = Float("l", -1, 68, 2);

        var binding = Wav2LipContract.Bind("x.onnx", [Mel, landmarks, Face], [Output]);

        Assert.Same(landmarks, binding.Landmarks);
        Assert.Same(Face, binding.Face);
        Assert.Null(Wav2LipContract.Bind("x.onnx", [Mel, Face], [Output]).Landmarks);
    }

    [Theory]
    [MemberData(nameof(ViolationIndices))]
    public void Each_violation_is_named(int index)
    {
        var (problem, inputs, outputs) = Violations[index];

        var e = Assert.Throws<ModelContractException>(() => Wav2LipContract.Bind("x.onnx", inputs, outputs));

        Assert.Equal(problem, e.Problem);
        Assert.StartsWith("'x.onnx' is not a Wav2Lip-contract model: " + problem, e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<int> ViolationIndices() => new(Enumerable.Range(0, Violations.Length));

    // TensorSpec is internal, so the cases stay here and the theory gets their index.
    private static readonly (string Problem, TensorSpec[] Inputs, TensorSpec[] Outputs)[] Violations =
    [
        ("it has 1 input(s) and 1 output(s), the contract has 2 inputs (3 with landmarks) and 1 output", [Face], [Output]),
        ("it has 2 input(s) and 2 output(s), the contract has 2 inputs (3 with landmarks) and 1 output", [Mel, Face], [Output, Output]),
        (
            "'f' is not a float32 tensor of rank 4 (f float16 [?,6,256,256])",
            [Mel, new TensorSpec("f", OnnxValueType.ONNX_TYPE_TENSOR, TensorElementType.Float16, [-1, 6, 256, 256], ["", "", "", ""])],
            [Output]),
        ("'o' is not a float32 tensor of rank 4 (o float32 [?,3,256])", [Mel, Face], [Float("o", -1, 3, 256)]),
        ("no input has the mel shape [B,1,80,16]", [Float("m", -1, 1, 80, 17), Face], [Output]),
        ("no input has the face shape [B,6,S,S] with a fixed S", [Mel, Float("f", -1, 6, -1, -1)], [Output]),
        ("no input has the face shape [B,6,S,S] with a fixed S", [Mel, Float("f", -1, 6, 96, 128)], [Output]),
        ("the output is not [B,3,256,256] (S = 256 from the face input)", [Mel, Face], [Float("o", -1, 3, 128, 128)]),
        ("its third input is not landmarks, float32 [B,68,2]", [Mel, Face, Float("l", -1, 5, 2)], [Output]),
        ("the batch axes disagree (2 vs 4)", [Mel, Face, Float("l", 4, 68, 2)], [Float("o", 2, 3, 256, 256)]),
        ("the batch axes disagree (2 vs 3)", [Float("m", 2, 1, 80, 16), Float("f", 3, 6, 256, 256)], [Output]),
    ];

    private static TensorSpec Float(string name, params long[] dims) =>
        new(name, OnnxValueType.ONNX_TYPE_TENSOR, TensorElementType.Float, dims, dims.Select(_ => string.Empty).ToArray());
}
