namespace StreamLip.Media.Tests;

[Collection(GStreamerCollection.Name)]
public sealed class GStreamerRuntimeTests
{
    [Fact]
    public void EnsureInitialized_is_idempotent_and_safe_from_many_threads()
    {
        Parallel.For(0, 16, _ => GStreamerRuntime.EnsureInitialized());

        Assert.StartsWith("GStreamer 1.", GStreamerRuntime.Version, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("filesrc")]
    [InlineData("decodebin")]
    [InlineData("appsink")]
    [InlineData("facedetect")]
    [InlineData("x264enc")]
    [InlineData("avenc_aac")]
    [InlineData("mp4mux")]
    [InlineData("pngenc")]
    public void Elements_the_project_uses_are_installed(string element) =>
        Assert.True(GStreamerRuntime.HasElement(element), $"{element} is missing; install {GStreamerRuntime.DebianPackageFor(element)}");

    [Fact]
    public void A_missing_element_names_itself_and_says_no_package_is_known()
    {
        var e = Assert.Throws<GStreamerElementMissingException>(() => GStreamerRuntime.RequireElements("filesrc", "streamlip_no_such_element"));

        Assert.Equal("streamlip_no_such_element", e.ElementName);
        Assert.Null(e.DebianPackage);
        Assert.Contains("'streamlip_no_such_element'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("facedetect", "gstreamer1.0-opencv")]
    [InlineData("x264enc", "gstreamer1.0-plugins-ugly")]
    [InlineData("avenc_aac", "gstreamer1.0-libav")]
    [InlineData("vp8enc", "gstreamer1.0-plugins-good")]
    [InlineData("webrtcbin", "gstreamer1.0-plugins-bad")]
    [InlineData("decodebin", "gstreamer1.0-plugins-base")]
    public void A_missing_known_element_names_its_Debian_package_and_setup(string element, string package)
    {
        var e = Assert.Throws<GStreamerElementMissingException>(
            () => GStreamerRuntime.RequireElements([element], name => name != element));

        Assert.Equal(element, e.ElementName);
        Assert.Equal(package, e.DebianPackage);
        Assert.Contains($"'{element}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(package, e.Message, StringComparison.Ordinal);
        Assert.Contains("./streamlip setup", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_library_names_its_Debian_package_and_setup()
    {
        var e = Assert.Throws<GStreamerUnavailableException>(
            () => GStreamerRuntime.CheckLibraries([("libglib-2.0.so.0", "libglib2.0-0"), ("libstreamlip-missing-1.0.so.0", "libgstreamer1.0-0")]));

        Assert.Equal("libgstreamer1.0-0", e.DebianPackage);
        Assert.Contains("libstreamlip-missing-1.0.so.0", e.Message, StringComparison.Ordinal);
        Assert.Contains("libgstreamer1.0-0", e.Message, StringComparison.Ordinal);
        Assert.Contains("./streamlip setup", e.Message, StringComparison.Ordinal);
    }
}
