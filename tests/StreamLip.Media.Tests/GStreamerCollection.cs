namespace StreamLip.Media.Tests;

/// <summary>All GStreamer tests share one fixture and run one after another (2-core machines).</summary>
[CollectionDefinition(Name)]
public sealed class GStreamerCollection : ICollectionFixture<GStreamerFixture>
{
    public const string Name = "GStreamer";
}
