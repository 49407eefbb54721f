namespace StreamLip.Media.Pipelines;

/// <summary>Turns what GStreamer says about an input file into exceptions that name the file.</summary>
internal static class MediaFileErrors
{
    /// <summary>Throws <see cref="FileNotFoundException"/> when <paramref name="path"/> is not a file.</summary>
    public static void ThrowIfMissing(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The media file '{path}' does not exist.", path);
        }
    }

    /// <summary>
    /// Classifies a pipeline error met while decoding <paramref name="path"/>'s <paramref name="streamKind"/>
    /// ("audio" or "video"): missing file, no such stream, unknown format, missing decoder, or corrupt data.
    /// </summary>
    public static Exception Translate(string path, string streamKind, GStreamerPipelineException error)
    {
        if (error.IsResourceNotFound)
        {
            return new FileNotFoundException($"The media file '{path}' does not exist.", path, error);
        }

        if (error.IsMissingStream)
        {
            // decodebin exposed streams, none of which could link to the converter of this kind.
            return new InvalidDataException($"'{path}' has no {streamKind} stream.", error);
        }

        if (error.IsTypeNotFound)
        {
            return new InvalidDataException(
                $"'{path}' is not a media file GStreamer can read (its format was not recognised).", error);
        }

        if (error.IsMissingPlugin)
        {
            return new InvalidDataException(
                $"'{path}' cannot be decoded because a GStreamer decoder is missing ({error.ErrorMessage}); " +
                "`./streamlip setup` installs gstreamer1.0-libav and the plugin sets.", error);
        }

        return new InvalidDataException($"'{path}' could not be decoded as {streamKind}: {error.ErrorMessage}", error);
    }
}
