namespace DaprChannels.Contracts.Events;

/// <summary>
/// A webhook delivery exactly as Ingress verified it: the raw body bytes and the headers the adapter
/// needs. Published on <see cref="Topic"/>; the Normalizer parses it.
/// </summary>
public sealed record RawDelivery(
    string Id,
    DateTimeOffset OccurredAt,
    string TenantId,
    string IntegrationId,
    string Platform,
    string ContentType,
    byte[] Body,
    IReadOnlyDictionary<string, string> Headers) : IIntegrationEvent
{
    public const string Topic = Topics.InboundRaw;
}
