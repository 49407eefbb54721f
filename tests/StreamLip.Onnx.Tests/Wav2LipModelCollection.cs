namespace StreamLip.Onnx.Tests;

/// <summary>Test classes that share <see cref="Wav2LipModelFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class Wav2LipModelCollection : ICollectionFixture<Wav2LipModelFixture>
{
    public const string Name = "Wav2Lip test model";
}
