using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Meta.Messaging;

/// <summary>
/// A platform of the Messenger Platform (Messenger, Instagram Messaging): webhooks in its dialect, sends and sender
/// actions through the Send API of one account with that account's token, errors read by <see cref="MessengerErrorMapping"/>.
/// </summary>
public abstract class MessagingAdapter(ChannelDescriptor descriptor, MessagingSendProfile profile, MessagingDialect dialect)
    : MetaAppAdapter(descriptor, profile.Capabilities), IConversationActions
{
    // Built on first send, so the adapter can parse and verify without an API client.
    private MessengerSender? _sender;

    /// <summary>The Send API of the account's host.</summary>
    protected abstract MessengerApiClient Messaging { get; }

    /// <summary>The token of the account that sends.</summary>
    protected abstract string AccessToken(ChannelIntegration integration);

    /// <summary>The Page or Instagram account that receives and sends.</summary>
    protected abstract string AccountId(ChannelIntegration integration);

    public override ParsedDelivery Parse(RawDelivery delivery, ChannelIntegration integration) =>
        MessengerParser.Parse(delivery.Body, AccountId(integration), delivery.OccurredAt, dialect);

    public override Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken) =>
        (_sender ??= new MessengerSender(Messaging, profile)).SendAsync(message, AccessToken(integration), AccountId(integration), cancellationToken);

    /// <summary>Shows the typing bubble to the contact (Meta clears it after 20 seconds or at the next message).</summary>
    public Task<SendResult> ShowTypingAsync(ChannelIntegration integration, string channelAddress, string? platformMessageId, CancellationToken cancellationToken) =>
        SendActionAsync(integration, channelAddress, MessengerApiClient.TypingOn, cancellationToken);

    /// <summary>Marks the contact's messages up to now as seen; the Send API takes no message id for it.</summary>
    public Task<SendResult> MarkAsReadAsync(ChannelIntegration integration, string channelAddress, string platformMessageId, CancellationToken cancellationToken) =>
        SendActionAsync(integration, channelAddress, MessengerApiClient.MarkSeen, cancellationToken);

    public override string? WebhookObject(ChannelIntegration integration) => MetaSubscribedApps.SharedObject(AccountId(integration));

    private async Task<SendResult> SendActionAsync(ChannelIntegration integration, string recipientId, string action, CancellationToken cancellationToken)
    {
        var token = AccessToken(integration);
        var result = await Messaging.SendActionAsync(token, AccountId(integration), recipientId, action, cancellationToken);
        return result.IsOk ? SendResult.Sent(null) : MessengerErrorMapping.ToFailure(result, secretToHide: token);
    }
}
