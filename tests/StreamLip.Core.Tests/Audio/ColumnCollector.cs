using StreamLip.Audio;

namespace StreamLip.Core.Tests.Audio;

/// <summary>Test sink: copies every column into a pre-sized column-major buffer and records when it came.</summary>
internal sealed class ColumnCollector(int capacityColumns, StreamingMel? source = null) : IMelColumnSink
{
    private readonly float[] _data = new float[capacityColumns * MelSpectrogram.Bands];
    private readonly long[] _samplesAtEmission = new long[capacityColumns];

    public int Count { get; private set; }

    public int? ThrowAtColumn { get; set; }

    public ReadOnlySpan<long> SamplesAtEmission => _samplesAtEmission.AsSpan(0, Count);

    public void OnColumn(int index, ReadOnlySpan<float> column)
    {
        // Plain checks: xunit's Assert allocates, and the allocation test runs through here.
        if (index != Count || column.Length != MelSpectrogram.Bands)
        {
            throw new InvalidOperationException($"column {index} of {column.Length} values; expected column {Count} of 80");
        }

        column.CopyTo(_data.AsSpan(index * MelSpectrogram.Bands));
        _samplesAtEmission[index] = source?.SamplesConsumed ?? -1;
        Count++;
        if (index == ThrowAtColumn)
        {
            throw new InvalidOperationException("sink failure");
        }
    }

    public ReadOnlySpan<float> Data => _data.AsSpan(0, Count * MelSpectrogram.Bands);
}
