namespace StreamLip.Faces.Landmarks;

/// <summary>
/// Reads dlib's <c>shape_predictor</c> serialisation (dlib/image_processing/shape_predictor.h, version 1):
/// <c>int version; matrix&lt;float,0,1&gt; initial_shape; vector&lt;vector&lt;regression_tree&gt;&gt; forests;
/// vector&lt;vector&lt;unsigned long&gt;&gt; anchor_idx; vector&lt;vector&lt;vector&lt;float,2&gt;&gt;&gt; deltas</c>, where a
/// tree is <c>vector&lt;split_feature{unsigned long idx1, idx2; float thresh}&gt; splits;
/// vector&lt;matrix&lt;float,0,1&gt;&gt; leaf_values</c> and a matrix is <c>long rows, long cols</c> (negated in the newer
/// format) then its values row by row. Everything dlib's predictor relies on is checked here, so prediction can index
/// without checks: complete trees (leaves = splits + 1, a power of two), leaf vectors of the shape's length, split and
/// anchor indices in range.
/// </summary>
internal static class ShapePredictorReader
{
    // Bounds far above dlib's models (68 parts, 15 cascades of 500 trees of depth 5, 500 features) that keep a corrupt
    // count from asking for gigabytes.
    private const int MaxParts = 1000;
    private const int MaxCascades = 100;
    private const int MaxTrees = 100_000;
    private const int MaxSplits = 1 << 16;
    private const int MaxFeatures = 100_000;

    public static (float[] InitialShape, RegressionCascade[] Cascades) Read(Stream stream)
    {
        var reader = new DlibStreamReader(stream);
        long versionAt = reader.Offset;
        long version = reader.ReadInt64(maxBytes: 4);
        if (version != 1)
        {
            throw DlibStreamReader.Malformed(versionAt, $"shape_predictor version {version}; only version 1 is known");
        }

        float[] initialShape = ReadColumn(reader, "initial_shape", expectedRows: -1);
        if (initialShape.Length == 0 || initialShape.Length % 2 != 0 || initialShape.Length > 2 * MaxParts)
        {
            throw DlibStreamReader.Malformed(versionAt, $"initial_shape has {initialShape.Length} values; a shape needs an even number, 2 to {2 * MaxParts}");
        }

        int cascadeCount = reader.ReadCount("cascade", MaxCascades);
        var trees = new TreeBuilder[cascadeCount];
        for (int c = 0; c < cascadeCount; c++)
        {
            trees[c] = ReadForest(reader, initialShape.Length);
        }

        int[][] anchors = ReadAnchors(reader, cascadeCount, initialShape.Length / 2);
        var cascades = new RegressionCascade[cascadeCount];
        long deltasAt = reader.Offset;
        if (reader.ReadCount("deltas cascade", MaxCascades) != cascadeCount)
        {
            throw DlibStreamReader.Malformed(deltasAt, $"deltas are given for a different number of cascades than the {cascadeCount} forests");
        }

        for (int c = 0; c < cascadeCount; c++)
        {
            long at = reader.Offset;
            int count = reader.ReadCount("delta", MaxFeatures);
            if (count != anchors[c].Length)
            {
                throw DlibStreamReader.Malformed(at, $"cascade {c} has {anchors[c].Length} anchors but {count} deltas");
            }

            float[] deltas = new float[2 * count];
            for (int i = 0; i < deltas.Length; i++)
            {
                deltas[i] = reader.ReadSingle();
            }

            cascades[c] = trees[c].Build(anchors[c], deltas, c);
        }

        return (initialShape, cascades);
    }

    private static TreeBuilder ReadForest(DlibStreamReader reader, int shapeLength)
    {
        int treeCount = reader.ReadCount("tree", MaxTrees);
        var builder = new TreeBuilder(treeCount, shapeLength);
        for (int t = 0; t < treeCount; t++)
        {
            long at = reader.Offset;
            int splitCount = reader.ReadCount("split", MaxSplits);
            for (int s = 0; s < splitCount; s++)
            {
                long feature1At = reader.Offset;
                ulong feature1 = reader.ReadUInt64();
                ulong feature2 = reader.ReadUInt64();
                if (feature1 >= MaxFeatures || feature2 >= MaxFeatures)
                {
                    throw DlibStreamReader.Malformed(feature1At, $"a split names feature pixel {Math.Max(feature1, feature2)}, beyond any model's");
                }

                builder.AddSplit((int)feature1, (int)feature2, reader.ReadSingle(), feature1At);
            }

            int leafCount = reader.ReadCount("leaf", MaxSplits + 1);
            if (leafCount != splitCount + 1 || (leafCount & (leafCount - 1)) != 0)
            {
                throw DlibStreamReader.Malformed(at, $"a tree has {splitCount} splits and {leafCount} leaves; dlib's trees are complete (leaves = splits + 1, a power of two)");
            }

            builder.BeginLeaves(splitCount, leafCount);
            for (int k = 0; k < leafCount; k++)
            {
                ReadColumnInto(reader, "leaf value", shapeLength, builder.NextLeaf());
            }
        }

        return builder;
    }

    private static int[][] ReadAnchors(DlibStreamReader reader, int cascadeCount, int partCount)
    {
        long at = reader.Offset;
        if (reader.ReadCount("anchor_idx cascade", MaxCascades) != cascadeCount)
        {
            throw DlibStreamReader.Malformed(at, $"anchor_idx is given for a different number of cascades than the {cascadeCount} forests");
        }

        int[][] anchors = new int[cascadeCount][];
        for (int c = 0; c < cascadeCount; c++)
        {
            anchors[c] = new int[reader.ReadCount("anchor", MaxFeatures)];
            for (int i = 0; i < anchors[c].Length; i++)
            {
                long anchorAt = reader.Offset;
                ulong anchor = reader.ReadUInt64();
                anchors[c][i] = anchor < (ulong)partCount
                    ? (int)anchor
                    : throw DlibStreamReader.Malformed(anchorAt, $"anchor {anchor} is not one of the shape's {partCount} points");
            }
        }

        return anchors;
    }

    private static float[] ReadColumn(DlibStreamReader reader, string what, int expectedRows)
    {
        long at = reader.Offset;
        int rows = ReadColumnHeader(reader, what, at);
        if (expectedRows >= 0 && rows != expectedRows)
        {
            throw DlibStreamReader.Malformed(at, $"{what} has {rows} rows, not {expectedRows}");
        }

        float[] values = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            values[i] = reader.ReadSingle();
        }

        return values;
    }

    private static void ReadColumnInto(DlibStreamReader reader, string what, int rows, Span<float> destination)
    {
        long at = reader.Offset;
        int actual = ReadColumnHeader(reader, what, at);
        if (actual != rows)
        {
            throw DlibStreamReader.Malformed(at, $"a {what} has {actual} rows; the shape has {rows} values");
        }

        for (int i = 0; i < rows; i++)
        {
            destination[i] = reader.ReadSingle();
        }
    }

    // A matrix<float,0,1>: rows and columns, both negated in dlib's newer format; one column.
    private static int ReadColumnHeader(DlibStreamReader reader, string what, long at)
    {
        long rows = Math.Abs(reader.ReadInt64());
        long columns = Math.Abs(reader.ReadInt64());
        if (columns != 1 || rows > 2 * MaxParts)
        {
            throw DlibStreamReader.Malformed(at, $"{what} is a {rows}×{columns} matrix, not a column of at most {2 * MaxParts} values");
        }

        return (int)rows;
    }
}
