namespace StreamLip.Onnx.Tests;

/// <summary>Files of the repository the tests read: found by walking up from the test binaries to StreamLip.sln.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(StreamLipHome.Find);

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The procedural test generator (models/tools/make_test_generator.py), S = 96.</summary>
    public static string TestModel => Path.Combine(RepositoryRoot, "models", "test", "streamlip-test-96.onnx");

    /// <summary>The demo generator served by default (a trained network, not procedural: real intermediate tensors).</summary>
    public static string DemoModel => Path.Combine(RepositoryRoot, "models", "streamlip-demo-96.onnx");

    /// <summary>A file under tests/StreamLip.Onnx.Tests/Fixtures (made by make_fixtures.py).</summary>
    public static string Fixture(string name) => Path.Combine(RepositoryRoot, "tests", "StreamLip.Onnx.Tests", "Fixtures", name);
}
