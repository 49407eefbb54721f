using System.Globalization;

namespace StreamLip.Server.Options;

/// <summary>Reads <see cref="ServerOptions.MelAlignment"/>.</summary>
internal static class MelAlignmentOffset
{
    /// <summary>null for <c>model</c>; 0 <c>inference</c>; −1 <c>training</c>; or the integer −2..2.</summary>
    /// <exception cref="FormatException">Anything else.</exception>
    public static int? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "model" => null,
        "inference" => 0,
        "training" => -1,
        var v when int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n is >= -2 and <= 2 => n,
        _ => throw new FormatException($"'{value}' is not model, inference, training or a frame offset −2..2."),
    };
}
