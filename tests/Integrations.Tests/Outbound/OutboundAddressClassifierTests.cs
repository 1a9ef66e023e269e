namespace DaprChannels.Integrations.Tests.Outbound;

/// <summary>Every form of address a tenant's URL could use to reach inside, and the public ones that must stay reachable.</summary>
public sealed class OutboundAddressClassifierTests
{
    [Theory]
    // IPv4 literals
    [InlineData("127.0.0.1", OutboundAddressKind.Loopback)]
    [InlineData("127.255.255.254", OutboundAddressKind.Loopback)]
    [InlineData("0.0.0.0", OutboundAddressKind.Unspecified)]
    [InlineData("0.1.2.3", OutboundAddressKind.Reserved)]
    [InlineData("10.1.2.3", OutboundAddressKind.Private)]
    [InlineData("172.16.0.1", OutboundAddressKind.Private)]
    [InlineData("172.31.255.255", OutboundAddressKind.Private)]
    [InlineData("192.168.1.10", OutboundAddressKind.Private)]
    [InlineData("100.64.0.1", OutboundAddressKind.Private)]
    [InlineData("100.127.255.255", OutboundAddressKind.Private)]
    [InlineData("198.18.0.1", OutboundAddressKind.Private)]
    [InlineData("198.19.255.255", OutboundAddressKind.Private)]
    [InlineData("169.254.1.1", OutboundAddressKind.LinkLocal)]
    [InlineData("169.254.169.254", OutboundAddressKind.Metadata)]
    [InlineData("169.254.170.2", OutboundAddressKind.Metadata)]
    [InlineData("100.100.100.200", OutboundAddressKind.Metadata)]
    [InlineData("168.63.129.16", OutboundAddressKind.Metadata)]
    [InlineData("192.0.0.192", OutboundAddressKind.Metadata)]
    [InlineData("192.0.0.8", OutboundAddressKind.Reserved)]
    [InlineData("192.0.2.1", OutboundAddressKind.Documentation)]
    [InlineData("198.51.100.7", OutboundAddressKind.Documentation)]
    [InlineData("203.0.113.9", OutboundAddressKind.Documentation)]
    [InlineData("224.0.0.1", OutboundAddressKind.Multicast)]
    [InlineData("239.255.255.250", OutboundAddressKind.Multicast)]
    [InlineData("255.255.255.255", OutboundAddressKind.Broadcast)]
    [InlineData("240.0.0.1", OutboundAddressKind.Reserved)]
    // IPv6 literals
    [InlineData("::1", OutboundAddressKind.Loopback)]
    [InlineData("::", OutboundAddressKind.Unspecified)]
    [InlineData("fe80::1", OutboundAddressKind.LinkLocal)]
    [InlineData("fe80::1%2", OutboundAddressKind.LinkLocal)]
    [InlineData("fc00::1", OutboundAddressKind.Private)]
    [InlineData("fd12:3456::1", OutboundAddressKind.Private)]
    [InlineData("fec0::1", OutboundAddressKind.Private)]
    [InlineData("fd00:ec2::254", OutboundAddressKind.Metadata)]
    [InlineData("ff02::1", OutboundAddressKind.Multicast)]
    [InlineData("2001:db8::1", OutboundAddressKind.Documentation)]
    [InlineData("3fff::1", OutboundAddressKind.Documentation)]
    [InlineData("100::1", OutboundAddressKind.Reserved)]
    [InlineData("::2:3:4:5", OutboundAddressKind.Reserved)]
    // IPv6 forms that carry an IPv4 address, judged by it
    [InlineData("::127.0.0.1", OutboundAddressKind.Loopback)]
    [InlineData("::ffff:127.0.0.1", OutboundAddressKind.Loopback)]
    [InlineData("::ffff:10.0.0.1", OutboundAddressKind.Private)]
    [InlineData("::ffff:169.254.169.254", OutboundAddressKind.Metadata)]
    [InlineData("::ffff:0:127.0.0.1", OutboundAddressKind.Loopback)]
    [InlineData("64:ff9b::a9fe:a9fe", OutboundAddressKind.Metadata)]
    [InlineData("64:ff9b::7f00:1", OutboundAddressKind.Loopback)]
    [InlineData("64:ff9b::a00:1", OutboundAddressKind.Private)]
    [InlineData("64:ff9b:1::7f00:1", OutboundAddressKind.Tunnel)]
    [InlineData("2002:7f00:1::", OutboundAddressKind.Loopback)]
    [InlineData("2002:a9fe:a9fe::", OutboundAddressKind.Metadata)]
    [InlineData("2002:c0a8:101::1", OutboundAddressKind.Private)]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", OutboundAddressKind.Tunnel)]
    // Public, and must stay reachable
    [InlineData("93.184.216.34", OutboundAddressKind.Public)]
    [InlineData("8.8.8.8", OutboundAddressKind.Public)]
    [InlineData("172.32.0.1", OutboundAddressKind.Public)]
    [InlineData("100.128.0.1", OutboundAddressKind.Public)]
    [InlineData("2606:4700::1", OutboundAddressKind.Public)]
    [InlineData("2606:4700::1111", OutboundAddressKind.Public)]
    [InlineData("::ffff:93.184.216.34", OutboundAddressKind.Public)]
    [InlineData("64:ff9b::5db8:d822", OutboundAddressKind.Public)]
    [InlineData("2002:5db8:d822::1", OutboundAddressKind.Public)]
    public void Each_address_form_is_classified_by_where_it_really_goes(string address, OutboundAddressKind expected) =>
        OutboundAddressClassifier.Classify(IPAddress.Parse(address)).Kind.Should().Be(expected);

    [Theory]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1")]
    [InlineData("::127.0.0.1", "127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe", "169.254.169.254")]
    [InlineData("2002:7f00:1::", "127.0.0.1")]
    public void An_embedded_ipv4_address_is_the_one_judged_and_named(string address, string embedded)
    {
        var verdict = OutboundAddressClassifier.Classify(IPAddress.Parse(address));

        verdict.Judged.Should().Be(IPAddress.Parse(embedded));
        verdict.Description.Should().Contain(embedded);
    }
}
