namespace StreamLip.Onnx;

/// <summary>
/// The model loads but does not follow the Wav2Lip contract (shared/DESIGN.md). The message says what was expected and
/// what the model declares (names, element types, shapes).
/// </summary>
public sealed class ModelContractException : Exception
{
    /// <summary>The contract, as the message states it.</summary>
    public const string ExpectedText =
        "2 float32 inputs, one [B,1,80,16] (mel window) and one [B,6,S,S] (masked crop + reference crop), " +
        "and 1 float32 output [B,3,S,S] with the same S; B may be dynamic or fixed, S must be fixed. " +
        "Inputs are told apart by shape, never by name.";

    /// <summary>Creates the exception.</summary>
    /// <param name="modelPath">Full path of the model.</param>
    /// <param name="problem">What is wrong, in one sentence.</param>
    /// <param name="found">What the model declares, e.g. <c>inputs: mel float32 [batch,1,80,16], ...</c>.</param>
    public ModelContractException(string modelPath, string problem, string found)
        : base($"'{modelPath}' is not a Wav2Lip-contract model: {problem}.{Environment.NewLine}" +
               $"Expected: {ExpectedText}{Environment.NewLine}Found: {found}")
    {
        ModelPath = modelPath;
        Problem = problem;
        Found = found;
    }

    /// <summary>Full path of the model.</summary>
    public string ModelPath { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>The model's inputs and outputs as declared.</summary>
    public string Found { get; }
}
