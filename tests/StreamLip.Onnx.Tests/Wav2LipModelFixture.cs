namespace StreamLip.Onnx.Tests;

/// <summary>The procedural test model, loaded once with the default options for every test of the collection.</summary>
public sealed class Wav2LipModelFixture : IDisposable
{
    public Wav2LipModelFixture()
    {
        Model = Wav2LipModel.Load(TestPaths.TestModel);
    }

    public Wav2LipModel Model { get; }

    public void Dispose() => Model.Dispose();
}
