namespace DaprChannels.Contracts.Events;

public enum IntegrationChangeKind
{
    Created,
    Updated,
    Deleted,
}

/// <summary>Tells every reader to drop its cached copy of an integration.</summary>
public sealed record IntegrationChanged(
    string Id,
    DateTimeOffset OccurredAt,
    string TenantId,
    string IntegrationId,
    IntegrationChangeKind Change) : IIntegrationEvent
{
    public const string Topic = Topics.IntegrationChanged;
}
