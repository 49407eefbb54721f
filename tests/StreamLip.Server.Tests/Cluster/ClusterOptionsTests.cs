using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StreamLip.Server.Options;

namespace StreamLip.Server.Tests.Cluster;

[Collection(ServerCollection.Name)]
public sealed class ClusterOptionsTests(AvatarFixture avatars)
{
    [Fact]
    public void Bad_cluster_settings_are_named_with_how_to_set_them()
    {
        var o = new ServerOptions();
        o.Cluster.Redis = "127.0.0.1:6379";
        o.Cluster.SiloPort = 0;
        o.Cluster.AdvertisedAddress = "node-a";
        o.Cluster.ReportIntervalMs = 1000;
        o.Cluster.ReportTimeoutMs = 1500;
        o.Cluster.Name = "a b";
        o.Cluster.FrontDoorOnly = true;
        o.Cluster.Slots = 2;

        var failures = new ServerOptionsValidator().Validate(null, o).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("StreamLip:Cluster:SiloPort is 0", StringComparison.Ordinal) && f.Contains("STREAMLIP__CLUSTER__SILOPORT", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Cluster:AdvertisedAddress is 'node-a'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Cluster:ReportTimeoutMs is 1500", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Cluster:Name is 'a b'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("StreamLip:Cluster:Slots is 2 on a node with Cluster:FrontDoorOnly=true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_without_a_cluster_says_so_at_api_cluster()
    {
        using var factory = new ServerFactory(avatars);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/cluster");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("StreamLip:Cluster:Redis", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
