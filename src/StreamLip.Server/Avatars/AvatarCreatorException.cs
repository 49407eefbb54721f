namespace StreamLip.Server.Avatars;

/// <summary>An avatar build refused before it starts; <see cref="StatusCode"/> and <see cref="Title"/> go to the client.</summary>
public sealed class AvatarCreatorException(int statusCode, string title, string message) : Exception(message)
{
    /// <summary>The HTTP status the client gets.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>The problem's title.</summary>
    public string Title { get; } = title;
}
