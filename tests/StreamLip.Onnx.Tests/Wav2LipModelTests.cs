using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using StreamLip.Onnx.Sessions;
using StreamLip.Tests.Shared.Allocations;

namespace StreamLip.Onnx.Tests;

/// <summary>The procedural test model run through the real ONNX Runtime session.</summary>
[Collection(Wav2LipModelCollection.Name)]
public sealed class Wav2LipModelTests(Wav2LipModelFixture fixture)
{
    private readonly Wav2LipModel _model = fixture.Model;

    [Fact]
    public void Load_reads_names_size_batch_and_metadata_from_the_model()
    {
        var info = _model.Info;

        Assert.Equal("mel", info.MelInputName);
        Assert.Equal("face", info.FaceInputName);
        Assert.Equal("output", info.OutputName);
        Assert.Equal(96, info.FaceSize);
        Assert.Equal(Wav2LipModelOptions.DefaultMaxBatch, info.MaxBatch);
        Assert.Null(info.FixedBatch);
        Assert.Equal(Path.GetFullPath(TestPaths.TestModel), _model.ModelPath);
        Assert.Equal("96", info.Metadata["face_size"]);
        Assert.Equal("16", info.Metadata["mel_step"]);
        Assert.Equal("25", info.Metadata["fps"]);
        Assert.Equal("procedural-test", info.Metadata["model_kind"]);
        Assert.Equal("models/tools/make_test_generator.py", info.Metadata["source"]);
        Assert.Equal("inference", info.Metadata["mel_alignment"]);
    }

    [Fact]
    public void Default_providers_fall_back_to_the_cpu_and_say_why()
    {
        // This project runs ORT's GPU build: TensorRT and CUDA are compiled in. On a machine without CUDA 13 both are
        // skipped, each naming the libraries it lacks; on a GPU machine with them, they are appended.
        var providers = _model.Providers;

        Assert.Equal(ExecutionProviderNames.Cpu, providers.Appended[^1]);
        Assert.Equal(3, providers.Appended.Count + providers.Skipped.Count);
        Assert.Equal(providers.Skipped, _model.Info.SkippedProviders);
        if (GpuLibraries.Missing(GpuLibraries.Cuda, []).Count > 0)
        {
            Assert.Equal(ExecutionProviderNames.Cpu, _model.Info.Provider);
            Assert.Collection(
                providers.Skipped,
                trt => Assert.StartsWith("TensorRT: missing ", trt, StringComparison.Ordinal),
                cuda => Assert.StartsWith("Cuda: missing ", cuda, StringComparison.Ordinal));
            Assert.All(providers.Skipped, line => Assert.EndsWith(ExecutionProviderAppender.LibraryHint, line, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Silence_keeps_the_mouth_closed_and_returns_the_reference(int batch)
    {
        var inputs = new Wav2LipInputs(96, Enumerable.Repeat(Wav2LipInputs.SilenceMel, batch).ToArray());
        float[] output = inputs.NewOutput();

        _model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, output, batch);

        for (int frame = 0; frame < batch; frame++)
        {
            MouthAssert.EqualsReference(output, inputs, frame);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Loud_audio_opens_the_mouth(int batch)
    {
        var inputs = new Wav2LipInputs(96, Enumerable.Repeat(Wav2LipInputs.LoudMel, batch).ToArray());
        float[] output = inputs.NewOutput();

        _model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, output, batch);

        for (int frame = 0; frame < batch; frame++)
        {
            MouthAssert.MouthDarkens(output, inputs, frame);
        }
    }

    [Fact]
    public void Each_frame_of_a_batch_follows_its_own_mel_window()
    {
        var inputs = new Wav2LipInputs(96, -4f, 0f, -4f, -1.5f, -4f);
        float[] output = inputs.NewOutput();

        _model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, output, 5);

        MouthAssert.EqualsReference(output, inputs, 0);
        MouthAssert.MouthDarkens(output, inputs, 1);
        MouthAssert.EqualsReference(output, inputs, 2);
        MouthAssert.EqualsReference(output, inputs, 4);

        // -1.5 opens the mouth less than 0: fewer pixels darken.
        Assert.InRange(DarkenedPixels(output, inputs, 3), 1, DarkenedPixels(output, inputs, 1) - 1);
    }

    [Fact]
    public void A_second_run_of_the_same_batch_size_sees_only_its_own_inputs()
    {
        var loud = new Wav2LipInputs(96, 0f, 0f);
        var silent = new Wav2LipInputs(96, -4f, -4f);
        float[] output = loud.NewOutput();

        _model.Run(loud.Mel, loud.Face, output, 2);
        _model.Run(silent.Mel, silent.Face, output, 2);

        MouthAssert.EqualsReference(output, silent, 0);
        MouthAssert.EqualsReference(output, silent, 1);
    }

    [Fact]
    public unsafe void Tensors_are_made_once_per_batch_size_over_one_set_of_pinned_buffers()
    {
        var first = _model.BuffersFor(3);
        var again = _model.BuffersFor(3);
        var larger = _model.BuffersFor(4);

        Assert.Same(first, again);
        Assert.NotSame(first, larger);
        fixed (float* mel = first.Mel)
        fixed (float* face = first.Face)
        fixed (float* output = first.Output)
        {
            // ORT reads and writes our memory directly: no copy inside the binding's tensors.
            Assert.Equal((nint)mel, DataOf(first.MelValue));
            Assert.Equal((nint)face, DataOf(first.FaceValue));
            Assert.Equal((nint)output, DataOf(first.OutputValue));

            // Every batch size runs on the same memory: distinct sizes do not each add buffers.
            Assert.Equal((nint)mel, DataOf(larger.MelValue));
            Assert.Equal((nint)face, DataOf(larger.FaceValue));
            Assert.Equal((nint)output, DataOf(larger.OutputValue));
        }

        Assert.Equal(3 * 80 * 16, first.Mel.Length);
        Assert.Equal(3 * 6 * 96 * 96, first.Face.Length);
        Assert.Equal(3 * 3 * 96 * 96, first.Output.Length);
        Assert.Equal(4 * 3 * 96 * 96, larger.Output.Length);
        Assert.Equal([4L, 3, 96, 96], larger.OutputValue.GetTensorTypeAndShape().Shape);
    }

    [Fact]
    public void Run_allocates_no_managed_memory_per_call()
    {
        var inputs = new Wav2LipInputs(96, 0f, -4f, 0f, -4f, 0f);
        float[] output = inputs.NewOutput();

        SteadyState.AssertAllocatesNothing(() => _model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, output, 5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(6)]
    public void A_batch_outside_1_to_MaxBatch_is_refused(int batch)
    {
        var e = Assert.Throws<BatchSizeException>(() => _model.Run([], [], [], batch));

        Assert.Equal(batch, e.RequestedBatch);
        Assert.Null(e.FixedBatch);
        Assert.Contains($"Batch {batch} is out of range", e.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 5", e.Message, StringComparison.Ordinal);
        Assert.Contains("MaxBatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spans_of_the_wrong_length_are_refused_with_the_expected_count()
    {
        var inputs = new Wav2LipInputs(96, 0f, 0f);

        var e = Assert.Throws<ArgumentException>(() => _model.Run(inputs.Mel, inputs.Face.AsSpan(1), new float[2 * 3 * 96 * 96], 2));

        Assert.Equal("face", e.ParamName);
        Assert.Contains("needs exactly 110592 (2×6×96×96)", e.Message, StringComparison.Ordinal);
    }

    // The address ORT reads a tensor from (its own view of the value's data).
    private static unsafe nint DataOf(OrtValue value) =>
        (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(value.GetTensorDataAsSpan<float>()));

    private static int DarkenedPixels(float[] output, Wav2LipInputs inputs, int frame)
    {
        int plane = inputs.Size * inputs.Size;
        var generated = MemoryMarshal.CreateReadOnlySpan(ref output[frame * 3 * plane], plane);
        var reference = inputs.Reference(frame, 0);
        int count = 0;
        for (int i = 0; i < plane; i++)
        {
            count += generated[i] < 0.99f * reference[i] ? 1 : 0;
        }

        return count;
    }
}
