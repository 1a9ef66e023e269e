namespace DaprChannels.Contracts.Events;

public enum MessageOrigin
{
    Bot,
    Agent,
    Api,
}

/// <summary>
/// A reply to send. <see cref="Id"/> is stable (derived from what caused it), so a redelivered
/// request is recognised by the Dispatcher and never sent twice.
/// </summary>
/// <param name="ContactLastWroteAt">
/// When the contact last wrote, as the message being answered told it (<see cref="InboundMessageReceived.LastInboundAt"/>):
/// the Dispatcher's own window view may not have seen that message yet. Null when not answering a message.
/// </param>
public sealed record OutboundMessageRequested(
    string Id,
    DateTimeOffset OccurredAt,
    string TenantId,
    string IntegrationId,
    string Platform,
    string ConversationId,
    string ChannelAddress,
    MessageContent Content,
    MessageOrigin Origin,
    string? InReplyToPlatformMessageId = null,
    DateTimeOffset? ContactLastWroteAt = null) : IIntegrationEvent
{
    public const string Topic = Topics.OutboundMessage;
}
