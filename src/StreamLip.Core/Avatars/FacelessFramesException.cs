namespace StreamLip.Avatars;

/// <summary>A video has stretches without a face too long to fill from the neighbouring frames.</summary>
public sealed class FacelessFramesException : AvatarException
{
    /// <summary>An error naming the stretches.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="stretches">The stretches too long to fill, source frame numbers.</param>
    public FacelessFramesException(string message, IReadOnlyList<FacelessStretch> stretches)
        : base(message)
    {
        Stretches = stretches;
    }

    /// <summary>An error without details.</summary>
    public FacelessFramesException()
    {
        Stretches = [];
    }

    /// <summary>An error with a message for the user.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public FacelessFramesException(string message)
        : base(message)
    {
        Stretches = [];
    }

    /// <summary>An error with a message for the user and its cause.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="inner">The cause.</param>
    public FacelessFramesException(string message, Exception inner)
        : base(message, inner)
    {
        Stretches = [];
    }

    /// <summary>The stretches too long to fill (source frames, 0-based, inclusive).</summary>
    public IReadOnlyList<FacelessStretch> Stretches { get; }
}
