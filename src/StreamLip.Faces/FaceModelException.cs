namespace StreamLip.Faces;

/// <summary>A face model file (dlib's shape predictor) is missing, unreadable or not what it claims to be; the message names the file.</summary>
public sealed class FaceModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FaceModelException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FaceModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public FaceModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
