namespace StreamLip.Server.Avatars;

/// <summary>A client asked for an avatar that is not there (HTTP 404); the message lists the ones that are.</summary>
public sealed class AvatarNotFoundException : Exception
{
    /// <summary>An error with a message for the client.</summary>
    public AvatarNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a message and its cause.</summary>
    public AvatarNotFoundException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>An error without details.</summary>
    public AvatarNotFoundException()
    {
    }
}
