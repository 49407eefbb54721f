using System.Globalization;
using System.Text.Json;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// The mouth region's motion in <see cref="PageMeasure.Script"/>'s samples, split by the received voice: while it is
/// heard, and well inside a pause (the mouth may start to move up to a window, 200 ms, before the voice and close after
/// it, so samples within 320 ms of sound are neither).
/// </summary>
internal sealed record MouthMotion(List<double> Speaking, List<double> Silent)
{
    public static MouthMotion Of(JsonElement measured)
    {
        var samples = measured.GetProperty("samples").EnumerateArray().Select(s => (Level: s.GetProperty("level").GetDouble(), Motion: s.GetProperty("motion").GetDouble())).ToList();
        var speaking = samples.Where(s => s.Level > 0.02).Select(s => s.Motion).ToList();
        var silent = samples.Where((s, i) => samples.Skip(Math.Max(0, i - 8)).Take(17).All(n => n.Level < 0.001)).Select(s => s.Motion).ToList();
        return new MouthMotion(speaking, silent);
    }

    public static double Mean(List<double> v) => v.Count == 0 ? 0 : v.Average();

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"speaking {Speaking.Count} samples, mean motion {Mean(Speaking):F2}; silent {Silent.Count}, mean motion {Mean(Silent):F2}, max {(Silent.Count > 0 ? Silent.Max() : 0):F2}");
}
