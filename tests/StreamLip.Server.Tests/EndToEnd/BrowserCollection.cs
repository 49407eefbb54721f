namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// The browser test measures a frame rate on two cores: it runs alone, after every parallel test of the assembly
/// (which also keeps its engine out of the metrics that other tests listen to).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
