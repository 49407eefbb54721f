using StreamLip.Onnx.Sessions;

namespace StreamLip.Onnx.Tests.Sessions;

/// <summary>A real session over the test model: what is read from it at load.</summary>
public sealed class OnnxSessionTests
{
    [Fact]
    public void Inputs_outputs_and_metadata_are_read_from_the_model()
    {
        using var session = OnnxSession.Open(TestPaths.TestModel, new SessionSettings([ExecutionProvider.Cpu], 1));

        Assert.Equal(["mel float32 [batch,1,80,16]", "face float32 [batch,6,96,96]"], session.Inputs.Select(s => s.ToString()));
        Assert.Equal(["output float32 [batch,3,96,96]"], session.Outputs.Select(s => s.ToString()));
        Assert.Equal([-1L, 6, 96, 96], session.Inputs[1].Dimensions);
        Assert.Equal(["batch", "", "", ""], session.Inputs[1].SymbolicDimensions);
        Assert.Equal(
            ["face_size", "fps", "mel_alignment", "mel_step", "model_kind", "mouth_y", "source"],
            session.Metadata.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("0.74", session.Metadata["mouth_y"]);
    }

    [Fact]
    public void Asking_for_the_cpu_only_appends_nothing_else()
    {
        using var session = OnnxSession.Open(TestPaths.TestModel, new SessionSettings([ExecutionProvider.Cpu, ExecutionProvider.Cuda], 0));

        Assert.Equal("CPUExecutionProvider", session.Providers.Chosen);
        Assert.Equal(["CPUExecutionProvider"], session.Providers.Appended);
        Assert.Empty(session.Providers.Skipped);
    }

    [Fact]
    public void A_fixed_batch_is_read_as_a_number_without_a_symbol()
    {
        using var session = OnnxSession.Open(TestPaths.Fixture("fixed-batch-2.onnx"), new SessionSettings([ExecutionProvider.Cpu], 0));

        Assert.Equal("mel float32 [2,1,80,16]", session.Inputs[0].ToString());
        Assert.Equal(2, session.Inputs[0].Dimensions[0]);
    }

    [Fact]
    public void A_missing_file_is_reported_before_onnx_runtime_is_asked()
    {
        Assert.Throws<ModelFileNotFoundException>(
            () => OnnxSession.Open("no/such/model.onnx", new SessionSettings([ExecutionProvider.Cpu], 0)));
    }
}
