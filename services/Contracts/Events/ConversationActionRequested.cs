namespace DaprChannels.Contracts.Events;

public enum ConversationActionKind
{
    /// <summary>Show the contact that their message was read (blue ticks, "seen").</summary>
    MarkAsRead,

    /// <summary>Show the contact that a reply is being written.</summary>
    Typing,

    /// <summary>
    /// Acknowledge the contact's press of a button (Telegram's <c>answerCallbackQuery</c>), which the
    /// platform shows as loading until then, whether or not anything answers it.
    /// </summary>
    AcknowledgeInteraction,
}

/// <summary>
/// A signal to show in a conversation, not a message: best-effort and short-lived, so the Dispatcher
/// skips one that has waited too long instead of showing it late. <see cref="Id"/> follows from the
/// inbound message and the kind, so a redelivered request is recognisable.
/// </summary>
/// <param name="PlatformMessageId">The contact's message the signal concerns (WhatsApp marks and types against it).</param>
/// <param name="CallbackId">For <see cref="ConversationActionKind.AcknowledgeInteraction"/>: the platform's id of the press (<c>InteractiveReplyContent.CallbackId</c>).</param>
public sealed record ConversationActionRequested(
    string Id,
    DateTimeOffset OccurredAt,
    string TenantId,
    string IntegrationId,
    string Platform,
    string ConversationId,
    string ChannelAddress,
    ConversationActionKind Kind,
    string? PlatformMessageId,
    string? CallbackId = null) : IIntegrationEvent
{
    public const string Topic = Topics.OutboundAction;
}
