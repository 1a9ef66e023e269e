namespace DaprChannels.Integrations.Outbound;

/// <summary>
/// Checks each request's URL before it is sent. The connection step checks addresses, but a pooled
/// connection is reused without it, and the URL's own faults (scheme, user info) show only here.
/// </summary>
public sealed class OutboundUrlGuardHandler(OutboundUrlPolicy policy) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new OutboundRefusedException("The request has no URL.");
        return policy.CheckUrl(uri) is { } refused
            ? Task.FromException<HttpResponseMessage>(new OutboundRefusedException(refused))
            : base.SendAsync(request, cancellationToken);
    }
}
