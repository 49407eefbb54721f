namespace StreamLip.Faces.Tests;

/// <summary>All face tests share one fixture and run one after another (2-core machines).</summary>
[CollectionDefinition(Name)]
public sealed class FacesCollection : ICollectionFixture<FacesFixture>
{
    public const string Name = "Faces";
}
