namespace DaprChannels.Integrations.Outbound;

/// <summary>Turns a host name into the addresses the policy judges; replaceable so tests never query a real resolver.</summary>
public interface IOutboundHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The operating system's resolver.</summary>
public sealed class SystemOutboundHostResolver : IOutboundHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
