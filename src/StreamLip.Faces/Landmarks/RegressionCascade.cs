namespace StreamLip.Faces.Landmarks;

/// <summary>
/// One cascade stage of dlib's shape predictor: where its feature pixels sit relative to the shape, and its trees.
/// Trees are stored flat: split <c>s</c> of tree <c>t</c> is entry <c>SplitStart[t] + s</c> of the split arrays, and
/// leaf <c>k</c> of tree <c>t</c> is the <c>2·parts</c> floats at <c>LeafStart[t] + k·2·parts</c> of <see cref="Leaves"/>.
/// </summary>
internal sealed class RegressionCascade
{
    public RegressionCascade(
        int[] anchors, float[] deltas, int[] splitStart, int[] splitCount, int[] leafStart,
        int[] splitFeature1, int[] splitFeature2, float[] splitThreshold, float[] leaves)
    {
        Anchors = anchors;
        Deltas = deltas;
        SplitStart = splitStart;
        SplitCount = splitCount;
        LeafStart = leafStart;
        SplitFeature1 = splitFeature1;
        SplitFeature2 = splitFeature2;
        SplitThreshold = splitThreshold;
        Leaves = leaves;
    }

    /// <summary>Number of feature pixels this stage samples.</summary>
    public int FeatureCount => Anchors.Length;

    /// <summary>Number of trees.</summary>
    public int TreeCount => SplitStart.Length;

    /// <summary>Per feature pixel, the index of the shape point it hangs off.</summary>
    public int[] Anchors { get; }

    /// <summary>Per feature pixel, its offset (x, y) from that point in the mean shape's normalised box coordinates.</summary>
    public float[] Deltas { get; }

    public int[] SplitStart { get; }

    public int[] SplitCount { get; }

    public int[] LeafStart { get; }

    /// <summary>Per split, the feature pixel whose intensity is the minuend.</summary>
    public int[] SplitFeature1 { get; }

    /// <summary>Per split, the feature pixel whose intensity is subtracted.</summary>
    public int[] SplitFeature2 { get; }

    /// <summary>Per split: go left when intensity1 − intensity2 is greater than this.</summary>
    public float[] SplitThreshold { get; }

    /// <summary>Every tree's leaf vectors (shape increments, normalised box coordinates).</summary>
    public float[] Leaves { get; }
}
