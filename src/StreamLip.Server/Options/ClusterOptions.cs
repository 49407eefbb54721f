namespace StreamLip.Server.Options;

/// <summary>
/// Section <c>StreamLip:Cluster</c>: several StreamLip processes as one cluster (Orleans membership over Redis, the hub's
/// events through Redis, sessions placed by free slots). Off unless <see cref="Redis"/> is set: one node needs nothing.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>The Redis the cluster meets at (StackExchange.Redis syntax, e.g. <c>127.0.0.1:6379</c>); empty: no cluster.</summary>
    public string? Redis { get; set; }

    /// <summary>The cluster's name: nodes with the same Redis and name form one cluster.</summary>
    public string Name { get; set; } = "streamlip";

    /// <summary>The TCP port this node's silo speaks to the other nodes on (Orleans' silo-to-silo port).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The IP address the other nodes reach this node's silo at; empty: the host of the first <c>--urls</c>
    /// address when it is an IP, else 127.0.0.1.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>This node's address for clients (redirects, viewer links, <c>/api/cluster</c>); empty: the address it listens on.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Sessions this node takes from the cluster; 0: <see cref="ServerOptions.MaxSessions"/>.</summary>
    public int Slots { get; set; }

    /// <summary>True: this node runs no sessions; it serves the page and the API and places every session on the other
    /// nodes (a front door, e.g. a small machine in front of GPU nodes). Its <see cref="Slots"/> must then be 0.</summary>
    public bool FrontDoorOnly { get; set; }

    /// <summary>How often the node tells the cluster its sessions and free slots, ms.</summary>
    public int ReportIntervalMs { get; set; } = 1000;

    /// <summary>A node whose last report is older than this gets no new sessions (it may be dead before the membership says so), ms.</summary>
    public int ReportTimeoutMs { get; set; } = 4000;

    /// <summary>After a report interval with more than 2 % of its frames late the node offers no free slot for this long, s
    /// (a node that cannot keep up takes nobody new).</summary>
    public int LateCooldownSeconds { get; set; } = 10;

    /// <summary>Reports each failing setting to <paramref name="check"/> (key relative to this section).</summary>
    internal void Validate(Action<bool, string, string> check)
    {
        check(Name.Length is > 0 and <= 64 && Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), "Cluster:Name", $"is '{Name}'; it must be 1..64 letters, digits, '-' or '_'");
        check(SiloPort is > 0 and <= 65535, "Cluster:SiloPort", $"is {SiloPort}; it must be 1..65535");
        check(string.IsNullOrEmpty(AdvertisedAddress) || System.Net.IPAddress.TryParse(AdvertisedAddress, out _), "Cluster:AdvertisedAddress", $"is '{AdvertisedAddress}'; it must be an IP address");
        check(string.IsNullOrEmpty(PublicUrl) || Uri.TryCreate(PublicUrl, UriKind.Absolute, out _), "Cluster:PublicUrl", $"is '{PublicUrl}'; it must be an absolute http(s) address");
        check(Slots is >= 0 and <= 1024, "Cluster:Slots", $"is {Slots}; it must be 0 (MaxSessions) .. 1024");
        check(!FrontDoorOnly || Slots == 0, "Cluster:Slots", $"is {Slots} on a node with Cluster:FrontDoorOnly=true, which runs no sessions; leave it out");
        check(ReportIntervalMs is >= 100 and <= 10_000, "Cluster:ReportIntervalMs", $"is {ReportIntervalMs}; it must be 100..10000");
        check(ReportTimeoutMs >= 2 * ReportIntervalMs && ReportTimeoutMs <= 60_000, "Cluster:ReportTimeoutMs", $"is {ReportTimeoutMs}; it must be 2 × ReportIntervalMs ({2 * ReportIntervalMs}) .. 60000");
        check(LateCooldownSeconds is >= 0 and <= 3600, "Cluster:LateCooldownSeconds", $"is {LateCooldownSeconds}; it must be 0..3600");
    }

    /// <summary>True when a cluster is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);
}
