namespace StreamLip.Onnx.Tests;

/// <summary>Dispose and concurrent callers.</summary>
public sealed class Wav2LipModelLifetimeTests
{
    [Fact]
    public void A_disposed_model_refuses_to_run_and_can_be_disposed_again()
    {
        var model = Wav2LipModel.Load(TestPaths.TestModel);
        var inputs = new Wav2LipInputs(96, 0f);
        model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, inputs.NewOutput(), 1);

        model.Dispose();
        model.Dispose();

        Assert.Throws<ObjectDisposedException>(() => model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, inputs.NewOutput(), 1));
        Assert.Throws<ObjectDisposedException>(() => model.BuffersFor(1));
        Assert.Equal(96, model.Info.FaceSize);
    }

    [Fact]
    public void Concurrent_callers_are_served_one_at_a_time_with_their_own_results()
    {
        using var model = Wav2LipModel.Load(TestPaths.TestModel);
        var loud = new Wav2LipInputs(96, 0f, 0f, 0f);
        var silent = new Wav2LipInputs(96, -4f, -4f, -4f);

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var inputs = i % 2 == 0 ? loud : silent;
            float[] output = inputs.NewOutput();
            for (int round = 0; round < 5; round++)
            {
                model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, output, 3);
                if (inputs == loud)
                {
                    MouthAssert.MouthDarkens(output, inputs, 2);
                }
                else
                {
                    MouthAssert.EqualsReference(output, inputs, 2);
                }
            }
        });
    }
}
