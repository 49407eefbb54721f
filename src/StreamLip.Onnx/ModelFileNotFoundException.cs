namespace StreamLip.Onnx;

/// <summary>The model file does not exist.</summary>
public sealed class ModelFileNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception for <paramref name="modelPath"/> (a full path).</summary>
    public ModelFileNotFoundException(string modelPath)
        : base(
            $"The model file '{modelPath}' does not exist. Check the path; the procedural test model is made by " +
            "`/usr/bin/python3 models/tools/make_test_generator.py` (models/test/streamlip-test-96.onnx).",
            modelPath)
    {
    }
}
