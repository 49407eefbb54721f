using System.IO.Compression;
using StreamLip.Audio;

namespace StreamLip.Onnx.Tests.FullSize;

/// <summary>
/// The full-size Wav2Lip-96 (random weights, exported by models/tools/make_bench_model.py during ./streamlip setup)
/// through the C# binding, against torch's output for the same batch kept beside it in <c>.check.npz</c>.
/// </summary>
public sealed class FullSizeModelTests
{
    private static string BenchModel => Path.Combine(TestPaths.RepositoryRoot, "models", "bench", "wav2lip-96-random.onnx");

    private static string CheckFile => Path.Combine(TestPaths.RepositoryRoot, "models", "bench", "wav2lip-96-random.check.npz");

    [Fact]
    public void The_exported_full_size_model_matches_torch_through_the_binding()
    {
        Assert.True(File.Exists(BenchModel) && File.Exists(CheckFile), $"{BenchModel} or its .check.npz is missing: ./streamlip setup makes them (./streamlip model bench).");
        var arrays = ReadNpz(CheckFile);
        int batch = arrays["mel"].Shape[0];

        using var model = Wav2LipModel.Load(BenchModel, new Wav2LipModelOptions { MaxBatch = batch });

        Assert.Equal(96, model.Info.FaceSize);
        Assert.Null(model.Info.FixedBatch);
        Assert.Equal("training", model.Info.Metadata["mel_alignment"]);
        Assert.Equal("wav2lip", model.Info.Metadata["model_kind"]);
        float[] output = new float[batch * 3 * 96 * 96];
        model.Run(arrays["mel"].Data, arrays["face"].Data, output, batch);

        var expected = arrays["output"].Data;
        float maxDiff = 0f;
        for (int i = 0; i < output.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(output[i] - expected[i]));
        }

        Assert.True(maxDiff <= 1e-3f, $"max abs difference to torch {maxDiff}");
        // Random weights still make a picture, not a constant: the check is not vacuous.
        Assert.True(expected.ToArray().Max() - expected.ToArray().Min() > 0.5f);
    }

    private static Dictionary<string, NpyArray> ReadNpz(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var result = new Dictionary<string, NpyArray>();
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            result[Path.GetFileNameWithoutExtension(entry.Name)] = NpyFile.Read(copy);
        }

        return result;
    }
}
