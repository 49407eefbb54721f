namespace StreamLip.Avatars;

/// <summary>An avatar could not be built or loaded; the message says why and what to do.</summary>
public class AvatarException : Exception
{
    /// <summary>An error with a message for the user.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public AvatarException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a message for the user and its cause.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="inner">The cause.</param>
    public AvatarException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>An error without details.</summary>
    public AvatarException()
    {
    }
}
