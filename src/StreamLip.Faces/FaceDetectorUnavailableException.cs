namespace StreamLip.Faces;

/// <summary>The native face detector library is missing, cannot be loaded, or is from another version of StreamLip.</summary>
public sealed class FaceDetectorUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FaceDetectorUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FaceDetectorUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public FaceDetectorUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
