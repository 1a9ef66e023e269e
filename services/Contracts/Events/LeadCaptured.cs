namespace DaprChannels.Contracts.Events;

/// <summary>A lead from a form, deduplicated by its platform lead id.</summary>
public sealed record LeadCaptured(
    string Id,
    DateTimeOffset OccurredAt,
    string TenantId,
    string IntegrationId,
    string Platform,
    CanonicalLead Lead) : IIntegrationEvent
{
    public const string Topic = Topics.InboundLead;
}
