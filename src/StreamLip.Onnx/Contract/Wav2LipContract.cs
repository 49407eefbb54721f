using StreamLip.Onnx.Sessions;

namespace StreamLip.Onnx.Contract;

/// <summary>
/// The Wav2Lip model contract (shared/DESIGN.md): inputs <c>mel</c> float32 [B,1,80,16] and <c>face</c> float32
/// [B,6,S,S], output float32 [B,3,S,S]; optionally a third input <c>landmarks</c> float32 [B,68,2], the reference
/// face's 68 iBUG points in crop pixels (official checkpoints do not declare it). Inputs are identified by shape, never
/// by name; S is read from the model.
/// </summary>
internal static class Wav2LipContract
{
    /// <summary>Mel bands of one window.</summary>
    public const int MelBands = 80;

    /// <summary>Mel columns of one window (200 ms at 80 columns per second).</summary>
    public const int MelStep = 16;

    /// <summary>Channels of the face input: the lower-half-masked crop (0–2) and the reference crop (3–5).</summary>
    public const int FaceChannels = 6;

    /// <summary>Channels of the output crop.</summary>
    public const int OutputChannels = 3;

    /// <summary>Values of one frame's mel window.</summary>
    public const int MelValuesPerFrame = MelBands * MelStep;

    /// <summary>Points of the optional landmarks input (the iBUG 68-point layout).</summary>
    public const int LandmarkPoints = 68;

    /// <summary>Values of one frame's landmarks: 68 × (x, y).</summary>
    public const int LandmarkValuesPerFrame = LandmarkPoints * 2;

    /// <summary>Matches the declared inputs and outputs to the contract.</summary>
    /// <exception cref="ModelContractException">They do not follow it; the message says how.</exception>
    public static Wav2LipBinding Bind(string modelPath, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        string found =
            $"inputs: {(inputs.Count == 0 ? "none" : string.Join(", ", inputs))}; " +
            $"outputs: {(outputs.Count == 0 ? "none" : string.Join(", ", outputs))}";

        ModelContractException Violation(string problem) => new(modelPath, problem, found);

        if (inputs.Count is < 2 or > 3 || outputs.Count != 1)
        {
            throw Violation($"it has {inputs.Count} input(s) and {outputs.Count} output(s), the contract has 2 inputs (3 with landmarks) and 1 output");
        }

        var landmarks = inputs.Count == 3
            ? inputs.SingleOrDefault(IsLandmarks) ?? throw Violation($"its third input is not landmarks, float32 [B,{LandmarkPoints},2]")
            : null;
        foreach (var spec in inputs.Concat(outputs).Where(spec => !ReferenceEquals(spec, landmarks)))
        {
            if (!spec.IsFloatTensor(4))
            {
                throw Violation($"'{spec.Name}' is not a float32 tensor of rank 4 ({spec})");
            }
        }

        var mel = inputs.SingleOrDefault(IsMel)
            ?? throw Violation($"no input has the mel shape [B,1,{MelBands},{MelStep}]");
        var face = inputs.SingleOrDefault(spec => !ReferenceEquals(spec, mel) && IsFace(spec))
            ?? throw Violation($"no input has the face shape [B,{FaceChannels},S,S] with a fixed S");

        int size = checked((int)face.Dimensions[2]);
        var output = outputs[0];
        if (output.Dimensions[1] != OutputChannels || output.Dimensions[2] != size || output.Dimensions[3] != size)
        {
            throw Violation($"the output is not [B,{OutputChannels},{size},{size}] (S = {size} from the face input)");
        }

        long[] fixedBatches = new[] { mel, face, output, landmarks }
            .OfType<TensorSpec>()
            .Select(spec => spec.Dimensions[0])
            .Where(batch => batch > 0)
            .Distinct()
            .ToArray();
        if (fixedBatches.Length > 1)
        {
            throw Violation($"the batch axes disagree ({string.Join(" vs ", fixedBatches)})");
        }

        int? fixedBatch = fixedBatches.Length == 1 ? checked((int)fixedBatches[0]) : null;
        return new Wav2LipBinding(mel, face, output, size, fixedBatch) { Landmarks = landmarks };
    }

    private static bool IsLandmarks(TensorSpec spec) =>
        spec.IsFloatTensor(3) && spec.Dimensions[1] == LandmarkPoints && spec.Dimensions[2] == 2;

    private static bool IsMel(TensorSpec spec) =>
        spec.Dimensions[1] == 1 && spec.Dimensions[2] == MelBands && spec.Dimensions[3] == MelStep;

    private static bool IsFace(TensorSpec spec) =>
        spec.Dimensions[1] == FaceChannels && spec.Dimensions[2] > 0 && spec.Dimensions[2] == spec.Dimensions[3];
}
