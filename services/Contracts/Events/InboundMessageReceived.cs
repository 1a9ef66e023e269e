using DaprChannels.Contracts.Messages;

namespace DaprChannels.Contracts.Events;

/// <summary>A customer's message, normalized and attached to its conversation.</summary>
public sealed record InboundMessageReceived(
    string Id,
    DateTimeOffset OccurredAt,
    string TenantId,
    string IntegrationId,
    string Platform,
    string ConversationId,
    string ContactId,
    CanonicalMessage Message) : IIntegrationEvent
{
    public const string Topic = Topics.InboundMessage;
}
