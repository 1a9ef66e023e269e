namespace DaprChannels.Integrations.Outbound;

/// <summary>What an address is, as far as calling a tenant's URL is concerned.</summary>
public enum OutboundAddressKind
{
    /// <summary>Public unicast: reachable by anyone, so nothing of the gateway's own network.</summary>
    Public,

    /// <summary>
    /// Inside some network (10/8, 172.16/12, 192.168/16, CGNAT 100.64/10, benchmarking 198.18/15,
    /// ULA fc00::/7, site-local fec0::/10): refused unless the operator allowed the host or range.
    /// </summary>
    Private,

    /// <summary>127/8 and ::1: the gateway itself and its Dapr sidecar. Never reached outside tests.</summary>
    Loopback,

    /// <summary>0.0.0.0 and ::, which connect to this machine.</summary>
    Unspecified,

    /// <summary>169.254/16 and fe80::/10: the node's own link, where cloud metadata services answer.</summary>
    LinkLocal,

    /// <summary>A cloud provider's metadata or platform endpoint (169.254.169.254, fd00:ec2::254, 168.63.129.16 ...).</summary>
    Metadata,

    Multicast,

    Broadcast,

    /// <summary>Not for hosts on the internet: 0/8, 240/4, 192.0.0/24, IPv6 outside 2000::/3 ...</summary>
    Reserved,

    /// <summary>192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20.</summary>
    Documentation,

    /// <summary>Teredo and local-use NAT64: an IPv4 address is inside but cannot be read reliably.</summary>
    Tunnel,
}

/// <summary>
/// The classification of one address. <paramref name="Judged"/> is the address the kind was decided
/// on: the IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 address, else the address itself.
/// </summary>
public sealed record OutboundAddressVerdict(OutboundAddressKind Kind, System.Net.IPAddress Judged, string Description);
