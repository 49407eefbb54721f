using StreamLip.Audio;

namespace StreamLip.Core.Tests.Audio;

public sealed class ReflectPadTests
{
    // Expected values printed by numpy: np.pad(np.arange(n), pad, mode='reflect').
    [Theory]
    [InlineData(3, 5, new[] { 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1 })]
    [InlineData(5, 2, new[] { 2, 1, 0, 1, 2, 3, 4, 3, 2 })]
    [InlineData(2, 3, new[] { 1, 0, 1, 0, 1, 0, 1, 0 })]
    [InlineData(1, 3, new[] { 0, 0, 0, 0, 0, 0, 0 })]
    public void Reproduces_numpy_reflect_padding(int n, int pad, int[] expected)
    {
        int[] actual = [.. Enumerable.Range(-pad, n + (2 * pad)).Select(i => (int)ReflectPad.Index(i, n))];
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Agrees_with_numpys_iterative_reflection_for_every_short_length()
    {
        // numpy pads wider-than-signal reflections in rounds of at most n − 1 values per side; rebuild that
        // literally and compare with the closed form for all lengths up to 40 and a pad of 400.
        for (int n = 2; n <= 40; n++)
        {
            var padded = new List<int>(Enumerable.Range(0, n));
            int left = 400, right = 400;
            while (left > 0 || right > 0)
            {
                int chunk = padded.Count - 1;
                int l = Math.Min(chunk, left);
                int r = Math.Min(chunk, right);
                List<int> before = [.. padded];
                padded.InsertRange(0, Enumerable.Range(1, l).Select(j => before[j]).Reverse());
                padded.AddRange(Enumerable.Range(1, r).Select(j => before[before.Count - 1 - j]));
                left -= l;
                right -= r;
            }

            for (int i = -400; i < n + 400; i++)
            {
                Assert.Equal(padded[i + 400], ReflectPad.Index(i, n));
            }
        }
    }
}
