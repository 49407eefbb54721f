using System.Globalization;

namespace StreamLip.Media.Audio;

/// <summary>
/// The audio is longer than the budget it was decoded under: found from the WAV header before any decoding, or while
/// decoding (the decode stops as soon as the budget is passed, so a tiny file that decodes to hours costs nothing).
/// </summary>
public sealed class AudioTooLongException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxDuration">The budget.</param>
    /// <param name="declared">The duration the file's header states, when it states one.</param>
    public AudioTooLongException(string path, TimeSpan maxDuration, TimeSpan? declared)
        : base(declared is { } d
            ? string.Create(CultureInfo.InvariantCulture, $"'{path}' declares {d.TotalSeconds:0.#} s of audio; at most {maxDuration.TotalSeconds:0.#} s are accepted here.")
            : string.Create(CultureInfo.InvariantCulture, $"'{path}' holds more than {maxDuration.TotalSeconds:0.#} s of audio; at most {maxDuration.TotalSeconds:0.#} s are accepted here."))
    {
        MaxDuration = maxDuration;
        Declared = declared;
    }

    /// <summary>The budget.</summary>
    public TimeSpan MaxDuration { get; }

    /// <summary>What the header declared, or null when the budget was passed while decoding.</summary>
    public TimeSpan? Declared { get; }
}
