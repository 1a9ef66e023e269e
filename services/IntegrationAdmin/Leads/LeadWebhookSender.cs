using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using DaprChannels.Integrations.Outbound;

namespace DaprChannels.IntegrationAdmin.Leads;

public enum LeadWebhookOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>5xx, 408, 429, a timeout or no connection: worth trying again later.</summary>
    Transient,

    /// <summary>Any other answer (a redirect included), or a URL it may not reach: would be refused again.</summary>
    Refused,
}

/// <summary>
/// POSTs a lead as JSON to the integration's own URL, signed with
/// <c>X-DaprChannels-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c> keyed with the integration's
/// <c>leadWebhookSecret</c>, and named by <c>X-DaprChannels-Delivery</c>, which stays the same on every
/// attempt so the receiver can drop a repeat. The URL is the tenant's: the named client goes through
/// the outbound-URL policy (https, public addresses unless the operator allowed a private one, no
/// redirects), and a URL it refuses is <see cref="LeadWebhookOutcome.Refused"/>, not retried.
/// </summary>
public sealed class LeadWebhookSender(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "lead-webhook";
    public const string SignatureHeader = "X-DaprChannels-Signature";
    public const string DeliveryHeader = "X-DaprChannels-Delivery";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static string Signature(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public async Task<(LeadWebhookOutcome Outcome, int Status)> PostAsync(Uri url, string secret, string deliveryId, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.Add(SignatureHeader, Signature(secret, body));
        request.Headers.Add(DeliveryHeader, deliveryId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => (LeadWebhookOutcome.Delivered, status),
                >= 500 or 408 or 429 => (LeadWebhookOutcome.Transient, status),
                _ => (LeadWebhookOutcome.Refused, status),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (LeadWebhookOutcome.Transient, 0);
        }
        catch (Exception ex) when (OutboundRefusedException.Find(ex) is not null)
        {
            return (LeadWebhookOutcome.Refused, 0);
        }
        catch (HttpRequestException)
        {
            return (LeadWebhookOutcome.Transient, 0);
        }
    }
}
