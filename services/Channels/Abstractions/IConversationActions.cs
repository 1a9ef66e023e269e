namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// Signals that are not messages: showing the contact that their message was read, that a reply is
/// being written, and that their button press was received. Only channels whose capabilities say
/// <c>MarkAsRead</c>, <c>TypingIndicator</c> or <c>AcknowledgeInteractions</c> implement them; a
/// signal never blocks or replaces a reply.
/// </summary>
public interface IConversationActions : IChannelAdapter
{
    /// <summary>Marks the contact's message <paramref name="platformMessageId"/> as read.</summary>
    Task<SendResult> MarkAsReadAsync(ChannelIntegration integration, string channelAddress, string platformMessageId, CancellationToken cancellationToken);

    /// <summary>Shows a typing indicator in the conversation (some platforms tie it to the message being answered).</summary>
    Task<SendResult> ShowTypingAsync(ChannelIntegration integration, string channelAddress, string? platformMessageId, CancellationToken cancellationToken);

    /// <summary>
    /// Acknowledges the contact's button press <paramref name="callbackId"/>
    /// (<c>InteractiveReplyContent.CallbackId</c>), so their client stops showing it as loading.
    /// </summary>
    Task<SendResult> AcknowledgeInteractionAsync(ChannelIntegration integration, string callbackId, CancellationToken cancellationToken) =>
        Task.FromResult(new SendResult(SendStatus.Permanent, ErrorCode: "not_supported", Reason: "The platform takes no acknowledgement of a button press."));
}
