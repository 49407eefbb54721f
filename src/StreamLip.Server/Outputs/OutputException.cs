namespace StreamLip.Server.Outputs;

/// <summary>An output request the client must change or retry: carries the HTTP status and a title for problem+json.</summary>
internal sealed class OutputException(int statusCode, string title, string message) : Exception(message)
{
    /// <summary>The HTTP status to answer.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>The problem's title.</summary>
    public string Title { get; } = title;
}
