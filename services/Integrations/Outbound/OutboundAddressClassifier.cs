using System.Net.Sockets;

namespace DaprChannels.Integrations.Outbound;

/// <summary>
/// Sorts an address into public or one of the kinds a tenant's URL must not reach. IPv6 forms that
/// carry an IPv4 address (IPv4-mapped, IPv4-compatible, IPv4-translated, NAT64 64:ff9b::/96, 6to4)
/// are judged by that IPv4 address, because that is where the packets end up: <c>::ffff:127.0.0.1</c>
/// on a dual-stack socket is loopback, and <c>64:ff9b::a9fe:a9fe</c> behind a NAT64 gateway is the
/// metadata service. Forms whose IPv4 address cannot be read reliably (Teredo, local-use NAT64) are refused.
/// </summary>
public static class OutboundAddressClassifier
{
    /// <summary>Cloud metadata and platform endpoints; refused even inside an allowed range.</summary>
    private static readonly HashSet<IPAddress> MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, GCP, Azure, Oracle, DigitalOcean ... instance metadata
        IPAddress.Parse("169.254.170.2"), // AWS ECS task metadata and credentials
        IPAddress.Parse("169.254.170.23"), // AWS EKS pod identity agent
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud metadata (inside CGNAT space)
        IPAddress.Parse("168.63.129.16"), // Azure WireServer (a public address)
        IPAddress.Parse("192.0.0.192"), // Oracle Cloud metadata (legacy)
        IPAddress.Parse("fd00:ec2::254"), // AWS instance metadata over IPv6 (inside ULA space)
        IPAddress.Parse("fd00:ec2::23"), // AWS EKS pod identity agent over IPv6
    ];

    private static readonly (IPNetwork Network, OutboundAddressKind Kind, string Description)[] V4Ranges =
    [
        (Net("0.0.0.0/8"), OutboundAddressKind.Reserved, "in 0.0.0.0/8 (this network)"),
        (Net("127.0.0.0/8"), OutboundAddressKind.Loopback, "loopback"),
        (Net("10.0.0.0/8"), OutboundAddressKind.Private, "private (10.0.0.0/8)"),
        (Net("172.16.0.0/12"), OutboundAddressKind.Private, "private (172.16.0.0/12)"),
        (Net("192.168.0.0/16"), OutboundAddressKind.Private, "private (192.168.0.0/16)"),
        (Net("100.64.0.0/10"), OutboundAddressKind.Private, "carrier-grade NAT space (100.64.0.0/10)"),
        (Net("198.18.0.0/15"), OutboundAddressKind.Private, "benchmarking space (198.18.0.0/15)"),
        (Net("169.254.0.0/16"), OutboundAddressKind.LinkLocal, "link-local (169.254.0.0/16)"),
        (Net("192.0.0.0/24"), OutboundAddressKind.Reserved, "in 192.0.0.0/24 (IETF protocol assignments)"),
        (Net("192.88.99.0/24"), OutboundAddressKind.Reserved, "in 192.88.99.0/24 (6to4 relay anycast)"),
        (Net("192.0.2.0/24"), OutboundAddressKind.Documentation, "a documentation address (192.0.2.0/24)"),
        (Net("198.51.100.0/24"), OutboundAddressKind.Documentation, "a documentation address (198.51.100.0/24)"),
        (Net("203.0.113.0/24"), OutboundAddressKind.Documentation, "a documentation address (203.0.113.0/24)"),
        (Net("224.0.0.0/4"), OutboundAddressKind.Multicast, "multicast (224.0.0.0/4)"),
        (Net("255.255.255.255/32"), OutboundAddressKind.Broadcast, "the broadcast address"),
        (Net("240.0.0.0/4"), OutboundAddressKind.Reserved, "reserved (240.0.0.0/4)"),
    ];

    private static readonly (IPNetwork Network, OutboundAddressKind Kind, string Description)[] V6Ranges =
    [
        (Net("2001::/32"), OutboundAddressKind.Tunnel, "a Teredo address (2001::/32)"),
        (Net("64:ff9b:1::/48"), OutboundAddressKind.Tunnel, "a local-use NAT64 address (64:ff9b:1::/48)"),
        (Net("2001:2::/48"), OutboundAddressKind.Private, "benchmarking space (2001:2::/48)"),
        (Net("2001:db8::/32"), OutboundAddressKind.Documentation, "a documentation address (2001:db8::/32)"),
        (Net("3fff::/20"), OutboundAddressKind.Documentation, "a documentation address (3fff::/20)"),
        (Net("100::/64"), OutboundAddressKind.Reserved, "in the discard-only prefix (100::/64)"),
        (Net("fc00::/7"), OutboundAddressKind.Private, "a unique local address (fc00::/7)"),
        (Net("fe80::/10"), OutboundAddressKind.LinkLocal, "link-local (fe80::/10)"),
        (Net("fec0::/10"), OutboundAddressKind.Private, "site-local (fec0::/10)"),
        (Net("ff00::/8"), OutboundAddressKind.Multicast, "multicast (ff00::/8)"),
    ];

    private static readonly IPNetwork GlobalUnicast = Net("2000::/3");

    public static OutboundAddressVerdict Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(address),
            AddressFamily.InterNetworkV6 => ClassifyV6(address),
            _ => new OutboundAddressVerdict(OutboundAddressKind.Reserved, address, "not an IP address"),
        };
    }

    private static OutboundAddressVerdict ClassifyV4(IPAddress address)
    {
        if (MetadataAddresses.Contains(address))
        {
            return new OutboundAddressVerdict(OutboundAddressKind.Metadata, address, "a cloud metadata endpoint");
        }

        if (address.Equals(IPAddress.Any))
        {
            return new OutboundAddressVerdict(OutboundAddressKind.Unspecified, address, "the unspecified address");
        }

        foreach (var (network, kind, description) in V4Ranges)
        {
            if (network.Contains(address))
            {
                return new OutboundAddressVerdict(kind, address, description);
            }
        }

        return new OutboundAddressVerdict(OutboundAddressKind.Public, address, "public");
    }

    private static OutboundAddressVerdict ClassifyV6(IPAddress address)
    {
        if (MetadataAddresses.Contains(address))
        {
            return new OutboundAddressVerdict(OutboundAddressKind.Metadata, address, "a cloud metadata endpoint");
        }

        if (address.Equals(IPAddress.IPv6Any))
        {
            return new OutboundAddressVerdict(OutboundAddressKind.Unspecified, address, "the unspecified address");
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return new OutboundAddressVerdict(OutboundAddressKind.Loopback, address, "loopback");
        }

        if (EmbeddedV4(address) is var (v4, form))
        {
            var inner = ClassifyV4(v4);
            return inner with { Description = $"{form} of {v4}, which is {inner.Description}" };
        }

        foreach (var (network, kind, description) in V6Ranges)
        {
            if (network.Contains(address))
            {
                return new OutboundAddressVerdict(kind, address, description);
            }
        }

        return GlobalUnicast.Contains(address)
            ? new OutboundAddressVerdict(OutboundAddressKind.Public, address, "public")
            : new OutboundAddressVerdict(OutboundAddressKind.Reserved, address, "outside the global unicast space (2000::/3)");
    }

    /// <summary>The IPv4 address inside an IPv6 address of a form that carries one, and the form's name.</summary>
    private static (IPAddress Address, string Form)? EmbeddedV4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (b[..10].IndexOfAnyExcept((byte)0) < 0 && b[10] == 0xff && b[11] == 0xff)
        {
            return (new IPAddress(b[12..]), "the IPv4-mapped form");
        }

        if (b[..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return (new IPAddress(b[12..]), "the IPv4-compatible form");
        }

        if (b[..8].IndexOfAnyExcept((byte)0) < 0 && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0)
        {
            return (new IPAddress(b[12..]), "the IPv4-translated form");
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return (new IPAddress(b[12..]), "the NAT64 form");
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return (new IPAddress(b[2..6]), "the 6to4 form");
        }

        return null;
    }

    private static IPNetwork Net(string cidr) => IPNetwork.Parse(cidr);
}
