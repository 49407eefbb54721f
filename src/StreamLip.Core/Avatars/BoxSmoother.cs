namespace StreamLip.Avatars;

/// <summary>Wav2Lip's box smoothing: each box is the mean of itself and the next T − 1 boxes (the last T at the end).</summary>
internal static class BoxSmoother
{
    public static FaceBox[] Smooth(IReadOnlyList<FaceBox> boxes, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = new FaceBox[boxes.Count];
        for (int i = 0; i < boxes.Count; i++)
        {
            // Same window as Wav2Lip: boxes[i : i+T], or boxes[len-T:] when that runs past the end.
            int start = i + window <= boxes.Count ? i : Math.Max(0, boxes.Count - window);
            int end = Math.Min(boxes.Count, start + window);
            double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
            for (int j = start; j < end; j++)
            {
                x1 += boxes[j].X;
                y1 += boxes[j].Y;
                x2 += boxes[j].Right;
                y2 += boxes[j].Bottom;
            }

            int n = end - start;
            // Wav2Lip keeps float means and truncates when it crops (int(...)); do the same.
            int left = (int)(x1 / n);
            int top = (int)(y1 / n);
            result[i] = new FaceBox(left, top, (int)(x2 / n) - left, (int)(y2 / n) - top);
        }

        return result;
    }
}
