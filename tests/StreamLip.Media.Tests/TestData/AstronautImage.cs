namespace StreamLip.Media.Tests.TestData;

/// <summary>Finds astronaut.png (NASA, public domain, from Debian's python3-skimage) for the face tests.</summary>
internal static class AstronautImage
{
    public const string EnvironmentVariable = "STREAMLIP_ASTRONAUT";

    /// <summary>
    /// $STREAMLIP_ASTRONAUT, else <c>.cache/astronaut.png</c> in the first folder above the test binaries that
    /// has one. Throws (the test fails) when neither exists.
    /// </summary>
    public static string Locate()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new FileNotFoundException($"{EnvironmentVariable} points at '{fromEnvironment}', which does not exist.");
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, ".cache", "astronaut.png");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            "astronaut.png is missing: run `./streamlip setup`, which extracts it from Debian's python3-skimage " +
            $"package into .cache/astronaut.png, or point {EnvironmentVariable} at a copy.");
    }
}
