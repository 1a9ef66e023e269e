using DaprChannels.Contracts.Integrations;

namespace DaprChannels.Contracts.Events;

/// <summary>
/// A customer's message, normalized and attached to its conversation. It carries the conversation facts later
/// stages need, as the Normalizer (the conversation's owner) knew them with this message, so no one else reads
/// the conversation: whether a person has it (the bot stays quiet) and when the contact last wrote (the start of
/// the customer-service window).
/// </summary>
/// <param name="Mode">Who answers the conversation; events published before this field existed read as the bot.</param>
/// <param name="LastInboundAt">When the contact last wrote, this message included; null on events published before this field existed and on echoes.</param>
public sealed record InboundMessageReceived(
    string Id,
    DateTimeOffset OccurredAt,
    string TenantId,
    string IntegrationId,
    string Platform,
    string ConversationId,
    string ContactId,
    CanonicalMessage Message,
    ConversationMode Mode = ConversationMode.Bot,
    DateTimeOffset? LastInboundAt = null) : IIntegrationEvent
{
    public const string Topic = Topics.InboundMessage;

    string? IIntegrationEvent.Subject => Platform;
}
