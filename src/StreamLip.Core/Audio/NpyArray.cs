namespace StreamLip.Audio;

/// <summary>A float32 array read from a .npy file: values in C (row-major) order and the shape.</summary>
public sealed class NpyArray
{
    private readonly float[] _data;
    private readonly int[] _shape;

    /// <summary>Wraps <paramref name="data"/> (taken over, not copied) with <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">The shape's product is not the data's length.</exception>
    public NpyArray(float[] data, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count *= d;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"Shape ({string.Join(", ", shape.ToArray())}) holds {count} values, data has {data.Length}.", nameof(shape));
        }

        _data = data;
        _shape = shape.ToArray();
    }

    /// <summary>The values, C order. The array is owned by this object; callers may read or modify it.</summary>
    public Span<float> Data => _data;

    /// <summary>The dimensions, outermost first (empty for a scalar).</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;
}
