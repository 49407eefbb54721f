namespace StreamLip.Server.Tests;

/// <summary>Server tests share one avatar and run one class at a time (each starts a host with a real ONNX session).</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<AvatarFixture>
{
    public const string Name = "server";
}
