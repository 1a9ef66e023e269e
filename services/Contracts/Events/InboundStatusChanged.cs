namespace DaprChannels.Contracts.Events;

/// <summary>A platform's report on a message the business sent.</summary>
public sealed record InboundStatusChanged(
    string Id,
    DateTimeOffset OccurredAt,
    string TenantId,
    string IntegrationId,
    string Platform,
    CanonicalStatus Status) : IIntegrationEvent
{
    public const string Topic = Topics.InboundStatus;
}
