namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// Signals that are not messages: showing the contact that their message was read and that a
/// reply is being written. Only channels whose capabilities say <c>MarkAsRead</c> or
/// <c>TypingIndicator</c> implement them; a signal never blocks or replaces a reply.
/// </summary>
public interface IConversationActions
{
    /// <summary>Marks the contact's message <paramref name="platformMessageId"/> as read.</summary>
    Task<SendResult> MarkAsReadAsync(ChannelIntegration integration, string channelAddress, string platformMessageId, CancellationToken cancellationToken);

    /// <summary>Shows a typing indicator in the conversation (some platforms tie it to the message being answered).</summary>
    Task<SendResult> ShowTypingAsync(ChannelIntegration integration, string channelAddress, string? platformMessageId, CancellationToken cancellationToken);
}
