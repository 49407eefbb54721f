using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using StreamLip.Server.Options;

namespace StreamLip.Server.Cluster;

/// <summary>This node in the cluster: its silo address and its address for clients.</summary>
internal sealed class NodeIdentity(ILocalSiloDetails silo, IServer server, IOptions<ServerOptions> options)
{
    private string? _url;

    /// <summary>The silo address, Orleans' parsable form (the key of this node everywhere in the cluster).</summary>
    public string Silo { get; } = silo.SiloAddress.ToParsableString();

    /// <summary>The address clients reach this node at: <c>StreamLip:Cluster:PublicUrl</c>, else the first one it listens on.</summary>
    public string Url
    {
        get
        {
            // Known once Kestrel listens (the first reports go out before it does: empty until then).
            if (string.IsNullOrEmpty(_url))
            {
                _url = (options.Value.Cluster.PublicUrl ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "").TrimEnd('/');
            }

            return _url;
        }
    }

    /// <summary>Slots this node offers: none on a front door (<c>StreamLip:Cluster:FrontDoorOnly</c>), else
    /// <c>StreamLip:Cluster:Slots</c>, or <c>MaxSessions</c> when that is 0.</summary>
    public int Slots => options.Value.Cluster switch
    {
        { FrontDoorOnly: true } => 0,
        { Slots: > 0 } c => Math.Min(c.Slots, options.Value.MaxSessions),
        _ => options.Value.MaxSessions,
    };
}
