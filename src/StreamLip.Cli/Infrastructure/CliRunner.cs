using StreamLip.Avatars;
using StreamLip.Faces;
using StreamLip.Media;
using StreamLip.Media.Audio;
using StreamLip.Onnx;

namespace StreamLip.Cli.Infrastructure;

/// <summary>Runs a command's body and turns its exceptions into one line for the user and an exit code.</summary>
internal static class CliRunner
{
    public static int Run(Func<int> body) => RunAsync(() => Task.FromResult(body())).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("streamlip: cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            int code = Classify(e);
            Console.Error.WriteLine($"streamlip: {e.Message}");
            if (code == ExitCodes.Failure)
            {
                Console.Error.WriteLine(e.ToString());
            }

            return code;
        }
    }

    /// <summary>The exit code for an exception: input problems and missing dependencies are the user's to fix.</summary>
    internal static int Classify(Exception e) => e switch
    {
        GStreamerUnavailableException or OnnxRuntimeNotFoundException or FaceDetectorUnavailableException or FaceModelException => ExitCodes.MissingDependency,
        CliException or AvatarException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidDataException or AudioTooLongException
            or InvalidModelException or ModelContractException => ExitCodes.BadInput,
        _ => ExitCodes.Failure,
    };
}
