using StreamLip.Onnx.Native;

namespace StreamLip.Onnx.Tests.Native;

/// <summary>Where the ONNX Runtime library is looked for, on a temporary directory tree.</summary>
public sealed class OrtLibraryLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("streamlip-locator-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_configured_path_that_exists_wins()
    {
        string configured = Touch("custom", "libonnxruntime.so.1");
        string fromEnvironment = Touch("env", "libonnxruntime.so.1");

        Assert.Equal(configured, OrtLibraryLocator.Resolve(configured, fromEnvironment, _root));
    }

    [Fact]
    public void The_environment_variable_comes_before_the_search()
    {
        string fromEnvironment = Touch("env", "libonnxruntime.so.1");
        Touch("app", "libonnxruntime.so.1");

        Assert.Equal(fromEnvironment, OrtLibraryLocator.Resolve(null, fromEnvironment, Path.Combine(_root, "app")));
    }

    [Fact]
    public void An_environment_variable_naming_no_file_is_an_error_not_skipped()
    {
        string missing = Path.Combine(_root, "nowhere", "libonnxruntime.so.1");
        Touch("app", "libonnxruntime.so.1");

        var e = Assert.Throws<OnnxRuntimeNotFoundException>(() => OrtLibraryLocator.Resolve(null, missing, Path.Combine(_root, "app")));

        Assert.Equal([missing], e.SearchedPaths);
        Assert.Contains("STREAMLIP_ORT_LIBRARY names a file that does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_library_next_to_the_application_is_found()
    {
        string nextToApp = Touch("app", "libonnxruntime.so.1");

        Assert.Equal(nextToApp, OrtLibraryLocator.Resolve(null, null, Path.Combine(_root, "app")));
    }

    [Fact]
    public void The_npm_install_of_a_checkout_is_found_from_the_build_output()
    {
        string npm = Touch(OrtLibraryLocator.NpmRelativePath);
        string output = Directory.CreateDirectory(Path.Combine(_root, "tests", "X.Tests", "bin", "Release", "net10.0")).FullName;

        Assert.Equal(npm, OrtLibraryLocator.Resolve(null, "  ", output));
    }

    [Fact]
    public void When_nothing_is_found_every_path_tried_is_listed_with_the_fix()
    {
        string app = Directory.CreateDirectory(Path.Combine(_root, "a", "b")).FullName;

        var e = Assert.Throws<OnnxRuntimeNotFoundException>(() => OrtLibraryLocator.Resolve(null, null, app));

        Assert.Equal(Path.Combine(app, "libonnxruntime.so.1"), e.SearchedPaths[0]);
        Assert.Contains(Path.Combine(app, OrtLibraryLocator.NpmRelativePath), e.SearchedPaths);
        Assert.Contains(Path.Combine(_root, OrtLibraryLocator.NpmRelativePath), e.SearchedPaths);
        Assert.Contains("/" + OrtLibraryLocator.NpmRelativePath, e.SearchedPaths[^1], StringComparison.Ordinal);
        Assert.All(e.SearchedPaths, path => Assert.Contains(path, e.Message, StringComparison.Ordinal));
        Assert.Contains("Run `./streamlip setup`", e.Message, StringComparison.Ordinal);
        Assert.Contains("install script skipped", e.Message, StringComparison.Ordinal);
        Assert.Contains("official ONNX Runtime 1.30.0 build", e.Message, StringComparison.Ordinal);
    }

    private string Touch(params string[] parts)
    {
        string path = Path.Combine([_root, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Empty);
        return path;
    }
}
