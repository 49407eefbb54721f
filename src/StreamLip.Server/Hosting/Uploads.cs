using Microsoft.AspNetCore.Http.Features;

namespace StreamLip.Server.Hosting;

/// <summary>A request body saved as a file in the temp directory, with a size limit for this endpoint only (audio, avatars).</summary>
internal static class Uploads
{
    /// <summary>
    /// Saves the body of <paramref name="http"/>'s request to a new file. Returns its path and length, or a null path
    /// (and nothing left on disk) when the body is over <paramref name="limit"/> bytes. The caller deletes the file.
    /// </summary>
    public static async Task<(string? Path, long Length)> SaveAsync(HttpContext http, int limit, string prefix)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit; // this endpoint only; the others keep MaxRequestBodyBytes
        }

        if (http.Request.ContentLength > limit)
        {
            return (null, 0);
        }

        string path = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        try
        {
            long length;
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                try
                {
                    length = await CopyLimitedAsync(http.Request.Body, file, limit, http.RequestAborted).ConfigureAwait(false);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    length = -1;
                }
            }

            if (length < 0)
            {
                File.Delete(path);
                return (null, 0);
            }

            return (path, length);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static async Task<long> CopyLimitedAsync(Stream from, Stream to, long limit, CancellationToken cancellationToken)
    {
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int n;
            while ((n = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += n;
                if (total > limit)
                {
                    return -1;
                }

                await to.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }

            return total;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
