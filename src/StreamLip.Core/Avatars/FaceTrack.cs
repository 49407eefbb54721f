using System.Globalization;

namespace StreamLip.Avatars;

/// <summary>
/// The speaker's face through a video: short stretches without a face (up to <c>MaxGapFrames</c>) are filled from the
/// frames either side (interpolated inside the video, the nearest face held at its start or end); longer ones fail the
/// build, naming the frames, unless they are trimmed. A trim cuts the video into segments; nothing is interpolated or
/// smoothed across a cut.
/// </summary>
internal sealed class FaceTrack
{
    private FaceTrack(int[] sourceFrames, FaceObservation[] faces, int[] segmentStarts, List<FacelessStretch> stretches)
    {
        SourceFrames = sourceFrames;
        Faces = faces;
        SegmentStarts = segmentStarts;
        Stretches = stretches;
    }

    /// <summary>The source frame of each kept frame, in order.</summary>
    public int[] SourceFrames { get; }

    /// <summary>The face of each kept frame, found or filled.</summary>
    public FaceObservation[] Faces { get; }

    /// <summary>Kept-frame indices at which a segment starts (0 first; more after each trimmed stretch).</summary>
    public int[] SegmentStarts { get; }

    /// <summary>Every faceless stretch and what was done about it.</summary>
    public List<FacelessStretch> Stretches { get; }

    /// <summary>The kept-frame ranges [Start, End) between cuts.</summary>
    public IEnumerable<(int Start, int End)> Segments()
    {
        for (int s = 0; s < SegmentStarts.Length; s++)
        {
            yield return (SegmentStarts[s], s + 1 < SegmentStarts.Length ? SegmentStarts[s + 1] : Faces.Length);
        }
    }

    /// <summary>Fills, or refuses, the gaps of <paramref name="observed"/> (null = no face in that frame).</summary>
    /// <exception cref="AvatarException">No frame has a face.</exception>
    /// <exception cref="FacelessFramesException">A stretch is longer than <paramref name="maxGapFrames"/> and <paramref name="trim"/> is off.</exception>
    public static FaceTrack Follow(IReadOnlyList<FaceObservation?> observed, int maxGapFrames, bool trim, string source, double fps)
    {
        int n = observed.Count;
        var stretches = new List<FacelessStretch>();
        for (int i = 0; i < n; i++)
        {
            if (observed[i] is not null)
            {
                continue;
            }

            int j = i;
            while (j + 1 < n && observed[j + 1] is null)
            {
                j++;
            }

            stretches.Add(new FacelessStretch { First = i, Last = j, Handling = i == 0 || j == n - 1 ? FacelessStretch.Held : FacelessStretch.Interpolated });
            i = j;
        }

        if (stretches.Count == 1 && stretches[0].Length == n)
        {
            throw new AvatarException(n == 1
                ? $"No face found in {source}. Use a photo with a face at least 80 pixels wide, turned less than about 45° from the camera."
                : $"No face found in any of the {n} frames of {source}. Use a video in which the face is visible and turned towards the camera.");
        }

        var tooLong = stretches.Where(s => s.Length > maxGapFrames).ToList();
        if (tooLong.Count > 0 && !trim)
        {
            throw new FacelessFramesException(TooLongMessage(tooLong, n, maxGapFrames, source, fps), tooLong);
        }

        foreach (var s in tooLong)
        {
            s.Handling = FacelessStretch.Trimmed;
        }

        var kept = new List<int>(n);
        var starts = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (tooLong.Any(s => i >= s.First && i <= s.Last))
            {
                continue;
            }

            if (kept.Count == 0 || kept[^1] != i - 1)
            {
                starts.Add(kept.Count);
            }

            kept.Add(i);
        }

        var faces = new FaceObservation[kept.Count];
        for (int s = 0; s < starts.Count; s++)
        {
            int start = starts[s];
            int end = s + 1 < starts.Count ? starts[s + 1] : kept.Count;
            FillSegment(observed, kept, start, end, faces);
        }

        // A stretch next to a cut has only one side: its face was held, not interpolated.
        foreach (var st in stretches.Where(st => st.Handling == FacelessStretch.Interpolated))
        {
            if (tooLong.Any(t => t.Last == st.First - 1 || t.First == st.Last + 1))
            {
                st.Handling = FacelessStretch.Held;
            }
        }

        return new FaceTrack([.. kept], faces, [.. starts], stretches);
    }

    private static void FillSegment(IReadOnlyList<FaceObservation?> observed, List<int> kept, int start, int end, FaceObservation[] faces)
    {
        int previous = -1;
        for (int k = start; k < end; k++)
        {
            if (observed[kept[k]] is { } found)
            {
                faces[k] = found;
                previous = k;
                continue;
            }

            int next = k + 1;
            while (next < end && observed[kept[next]] is null)
            {
                next++;
            }

            if (previous >= 0 && next < end)
            {
                int a = kept[previous];
                int b = kept[next];
                faces[k] = FaceObservation.Lerp(observed[a]!.Value, observed[b]!.Value, (kept[k] - a) / (double)(b - a));
            }
            else
            {
                // A segment always holds a face (stretches that fill a segment are long ones, trimmed or refused).
                faces[k] = observed[kept[previous >= 0 ? previous : next]]!.Value;
            }
        }
    }

    private static string TooLongMessage(List<FacelessStretch> tooLong, int frames, int maxGapFrames, string source, double fps)
    {
        int total = tooLong.Sum(s => s.Length);
        string listed = string.Join(", ", tooLong.Take(20).Select(s => s.First == s.Last
            ? s.First.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{s.First}–{s.Last} ({s.Length} frames, {s.Length / fps:F1} s)"))) + (tooLong.Count > 20 ? ", …" : string.Empty);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"No face found in {total} of {frames} frames of {source} in stretches too long to fill: frames {listed} (0-based). Gaps of up to {maxGapFrames} frames ({maxGapFrames / fps:F1} s) are filled from the frames either side. Drop the long stretches with --trim-faceless, or use a video where the face stays visible and turned towards the camera.");
    }
}
