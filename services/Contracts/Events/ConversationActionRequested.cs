namespace DaprChannels.Contracts.Events;

public enum ConversationActionKind
{
    /// <summary>Show the contact that their message was read (blue ticks, "seen").</summary>
    MarkAsRead,

    /// <summary>Show the contact that a reply is being written.</summary>
    Typing,
}

/// <summary>
/// A signal to show in a conversation, not a message: best-effort and short-lived, so the Dispatcher
/// skips one that has waited too long instead of showing it late. <see cref="Id"/> follows from the
/// inbound message and the kind, so a redelivered request is recognisable.
/// </summary>
/// <param name="PlatformMessageId">The contact's message the signal concerns (WhatsApp marks and types against it).</param>
public sealed record ConversationActionRequested(
    string Id,
    DateTimeOffset OccurredAt,
    string TenantId,
    string IntegrationId,
    string Platform,
    string ConversationId,
    string ChannelAddress,
    ConversationActionKind Kind,
    string? PlatformMessageId) : IIntegrationEvent
{
    public const string Topic = Topics.OutboundAction;
}
