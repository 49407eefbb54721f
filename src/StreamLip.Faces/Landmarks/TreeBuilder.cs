namespace StreamLip.Faces.Landmarks;

/// <summary>Collects one cascade's trees while they are read, into the flat arrays of <see cref="RegressionCascade"/>.</summary>
internal sealed class TreeBuilder
{
    private readonly int _shapeLength;
    private readonly int[] _splitStart;
    private readonly int[] _splitCount;
    private readonly int[] _leafStart;
    private readonly List<int> _feature1 = [];
    private readonly List<int> _feature2 = [];
    private readonly List<float> _threshold = [];
    private readonly List<long> _splitOffsets = [];
    private float[] _leaves = [];
    private int _leafLength;
    private int _tree = -1;

    public TreeBuilder(int treeCount, int shapeLength)
    {
        _shapeLength = shapeLength;
        _splitStart = new int[treeCount];
        _splitCount = new int[treeCount];
        _leafStart = new int[treeCount];
    }

    public void AddSplit(int feature1, int feature2, float threshold, long offset)
    {
        _feature1.Add(feature1);
        _feature2.Add(feature2);
        _threshold.Add(threshold);
        _splitOffsets.Add(offset);
    }

    /// <summary>Ends the current tree's splits (the last <paramref name="splitCount"/> added) and makes room for its leaves.</summary>
    public void BeginLeaves(int splitCount, int leafCount)
    {
        _tree++;
        _splitStart[_tree] = _feature1.Count - splitCount;
        _splitCount[_tree] = splitCount;
        _leafStart[_tree] = _leafLength;
        long needed = _leafLength + ((long)leafCount * _shapeLength);
        if (needed > Array.MaxLength)
        {
            throw new InvalidDataException($"the model's leaves hold more than {Array.MaxLength} values");
        }

        if (needed > _leaves.Length)
        {
            // Sized for every tree being like this one (dlib's are), so one allocation per cascade in practice.
            long guess = Math.Max(needed, (long)_splitStart.Length * leafCount * _shapeLength);
            Array.Resize(ref _leaves, (int)Math.Min(guess, Array.MaxLength));
        }
    }

    /// <summary>The next leaf vector of the current tree, to be filled by the reader.</summary>
    public Span<float> NextLeaf()
    {
        var leaf = _leaves.AsSpan(_leafLength, _shapeLength);
        _leafLength += _shapeLength;
        return leaf;
    }

    public RegressionCascade Build(int[] anchors, float[] deltas, int cascade)
    {
        for (int s = 0; s < _feature1.Count; s++)
        {
            if (_feature1[s] >= anchors.Length || _feature2[s] >= anchors.Length)
            {
                throw DlibStreamReader.Malformed(
                    _splitOffsets[s], $"a split of cascade {cascade} names feature pixel {Math.Max(_feature1[s], _feature2[s])}; the cascade has {anchors.Length}");
            }
        }

        if (_leafLength != _leaves.Length)
        {
            Array.Resize(ref _leaves, _leafLength);
        }

        return new RegressionCascade(
            anchors, deltas, _splitStart, _splitCount, _leafStart, [.. _feature1], [.. _feature2], [.. _threshold], _leaves);
    }
}
