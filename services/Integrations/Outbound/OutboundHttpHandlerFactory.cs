using System.Net.Sockets;

namespace DaprChannels.Integrations.Outbound;

/// <summary>
/// Builds the handlers every call to a tenant's URL goes through: no redirects (a 3xx would turn a
/// POST into a GET elsewhere, and could point inside), no proxy, no cookies, no decompression, and a
/// connection step that resolves the host itself, judges every address with the
/// <see cref="OutboundUrlPolicy"/> and connects only to those, so DNS rebinding cannot point back inside.
/// </summary>
public sealed class OutboundHttpHandlerFactory(OutboundUrlPolicy policy)
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The guard in front of the connection-checked handler, for a client built without IHttpClientFactory.</summary>
    public HttpMessageHandler CreateHandler() => new OutboundUrlGuardHandler(policy) { InnerHandler = CreatePrimaryHandler() };

    /// <summary>The socket-level handler; put an <see cref="OutboundUrlGuardHandler"/> in front of it.</summary>
    public SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = ConnectTimeout,
        // Connections are reused for a while only: a name is resolved and judged again on the next one.
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxResponseHeadersLength = 64,
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await policy.ResolveForConnectAsync(
            context.InitialRequestMessage.RequestUri, context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
