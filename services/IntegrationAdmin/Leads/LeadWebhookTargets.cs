using System.Net;
using System.Net.Sockets;

namespace DaprChannels.IntegrationAdmin.Leads;

/// <summary>Bound from <c>IntegrationAdmin:LeadWebhooks</c>.</summary>
public sealed class LeadWebhookOptions
{
    public const string Section = "IntegrationAdmin:LeadWebhooks";

    /// <summary>
    /// Lets lead webhooks go to plain http and to loopback, private and link-local addresses. Off by
    /// default: a tenant's URL must not reach the gateway's own network (the Dapr sidecar, cloud
    /// metadata endpoints). For development and tests only.
    /// </summary>
    public bool AllowPrivateNetworkTargets { get; set; }

    /// <summary>
    /// How long a worker posting a lead holds it before another may take the POST over. Longer than a
    /// POST can take (<see cref="LeadWebhookSender.Timeout"/>), so a POST in flight is never repeated
    /// alongside it, and no longer than the queue's own lease, so an event redelivered after its worker
    /// crashed finds it lapsed.
    /// </summary>
    public TimeSpan PostingLease { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Thrown from the connection step when a lead webhook URL resolves to an address it may not reach.</summary>
public sealed class LeadWebhookTargetRefusedException(string message) : IOException(message);

/// <summary>
/// The lead webhook's connections: no redirects (a 3xx would turn the POST into a bodiless GET that
/// still "succeeds"), and, unless allowed, only public addresses, checked on the address actually
/// connected to so a DNS name cannot point back inside.
/// </summary>
public static class LeadWebhookTargets
{
    public static SocketsHttpHandler Handler(bool allowPrivateNetworkTargets) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = addresses.Where(a => allowPrivateNetworkTargets || IsPublic(a)).ToList();
            if (allowed.Count == 0)
            {
                throw new LeadWebhookTargetRefusedException($"The lead webhook host {context.DnsEndPoint.Host} resolves only to private or local addresses.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] == 0
            || b[0] >= 224);
    }
}
