namespace StreamLip.Onnx.Tests;

/// <summary>Models that differ from the test model in what the contract leaves open: names, input order, fixed batch.</summary>
public sealed class Wav2LipModelVariantTests
{
    [Fact]
    public void Inputs_are_told_apart_by_shape_not_by_name_or_order()
    {
        using var model = Wav2LipModel.Load(TestPaths.Fixture("renamed-inputs.onnx"));
        var inputs = new Wav2LipInputs(96, 0f, -4f);
        float[] output = inputs.NewOutput();

        model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, output, 2);

        Assert.Equal("audio_window", model.Info.MelInputName);
        Assert.Equal("image_and_reference", model.Info.FaceInputName);
        Assert.Equal("frames", model.Info.OutputName);
        MouthAssert.MouthDarkens(output, inputs, 0);
        MouthAssert.EqualsReference(output, inputs, 1);
    }

    [Fact]
    public void A_fixed_batch_model_runs_its_own_batch_and_refuses_others()
    {
        using var model = Wav2LipModel.Load(TestPaths.Fixture("fixed-batch-2.onnx"));
        var inputs = new Wav2LipInputs(96, -4f, 0f);
        float[] output = inputs.NewOutput();

        model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, output, 2);

        Assert.Equal(2, model.Info.FixedBatch);
        Assert.Equal(2, model.Info.MaxBatch);
        MouthAssert.EqualsReference(output, inputs, 0);
        MouthAssert.MouthDarkens(output, inputs, 1);

        var one = new Wav2LipInputs(96, 0f);
        var e = Assert.Throws<BatchSizeException>(() => model.Run(one.Mel, one.Face, one.NewOutput(), 1));
        Assert.Equal(2, e.FixedBatch);
        Assert.Contains("fixed batch of 2 and cannot run a batch of 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("Send batches of exactly 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_only_with_one_thread_and_a_larger_max_batch_runs()
    {
        var options = new Wav2LipModelOptions { Providers = [ExecutionProvider.Cpu], IntraOpThreads = 1, MaxBatch = 8 };
        using var model = Wav2LipModel.Load(TestPaths.TestModel, options);
        var inputs = new Wav2LipInputs(96, Enumerable.Repeat(0f, 8).ToArray());
        float[] output = inputs.NewOutput();

        model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, output, 8);

        Assert.Equal(8, model.Info.MaxBatch);
        Assert.Equal("CPUExecutionProvider", model.Info.Provider);
        Assert.Empty(model.Providers.Skipped);
        MouthAssert.MouthDarkens(output, inputs, 7);
    }

    [Fact]
    public void Without_prepacked_weights_the_trained_model_gives_the_same_frames()
    {
        var inputs = new Wav2LipInputs(96, 0f, -4f, -1.5f);
        float[] packed = inputs.NewOutput();
        float[] plain = inputs.NewOutput();
        using (var model = Wav2LipModel.Load(TestPaths.DemoModel, new Wav2LipModelOptions { Providers = [ExecutionProvider.Cpu], IntraOpThreads = 1 }))
        {
            model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, packed, 3);
        }

        using (var model = Wav2LipModel.Load(TestPaths.DemoModel, new Wav2LipModelOptions { Providers = [ExecutionProvider.Cpu], IntraOpThreads = 1, PrepackWeights = false }))
        {
            model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, plain, 3);
        }

        Assert.True(packed.Zip(plain).Max(p => Math.Abs(p.First - p.Second)) < 1e-4f);
        Assert.True(packed.Distinct().Count() > 100, "the model's output is not constant");
    }
}
