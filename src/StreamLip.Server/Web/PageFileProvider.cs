using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace StreamLip.Server.Web;

/// <summary>
/// The page's files in web/, without what npm puts beside them (node_modules, package files): those are not the
/// page's to serve. The SignalR client from node_modules is served on its own route (<see cref="PageEndpoints"/>).
/// </summary>
internal sealed class PageFileProvider(string root) : IFileProvider, IDisposable
{
    private readonly PhysicalFileProvider _files = new(root);

    public IFileInfo GetFileInfo(string subpath) => Hidden(subpath) ? new NotFoundFileInfo(subpath) : _files.GetFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) => Hidden(subpath) ? NotFoundDirectoryContents.Singleton : _files.GetDirectoryContents(subpath);

    public IChangeToken Watch(string filter) => _files.Watch(filter);

    public void Dispose() => _files.Dispose();

    private static bool Hidden(string subpath)
    {
        string path = subpath.TrimStart('/');
        return path.StartsWith("node_modules", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("package", StringComparison.OrdinalIgnoreCase);
    }
}
