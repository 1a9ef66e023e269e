using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Meta.CloudApi;

/// <summary>
/// What a WhatsApp channel does alike whoever hosts the Cloud API (Meta, 360dialog): reads deliveries addressed
/// to its number, sends through <see cref="WhatsAppSender"/>, marks messages read and shows typing, all with the
/// integration's one credential. The adapters differ in handshake, credential tests and webhooks, not here.
/// </summary>
/// <param name="credentialField">The credential the endpoint is called with (access token or API key).</param>
/// <param name="phoneNumberId">Reads the integration's business number, refusing one that is not a plain id.</param>
public sealed class CloudApiChannel(ICloudApiMessagesEndpoint endpoint, string credentialField, Func<ChannelIntegration, string> phoneNumberId)
{
    private readonly WhatsAppSender _sender = new(endpoint);

    public ParsedDelivery Parse(RawDelivery delivery, ChannelIntegration integration) =>
        WhatsAppParser.Parse(delivery.Body, phoneNumberId(integration), delivery.OccurredAt);

    public Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken) =>
        _sender.SendAsync(message, integration.RequireCredential(credentialField), phoneNumberId(integration), cancellationToken);

    /// <summary>Shows the contact's message as read (blue ticks).</summary>
    public Task<SendResult> MarkAsReadAsync(ChannelIntegration integration, string platformMessageId, CancellationToken cancellationToken) =>
        ReadAsync(integration, platformMessageId, showTyping: false, cancellationToken);

    /// <summary>WhatsApp shows typing only as part of marking the message being answered as read.</summary>
    public Task<SendResult> ShowTypingAsync(ChannelIntegration integration, string? platformMessageId, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(platformMessageId)
            ? Task.FromResult(new SendResult(SendStatus.Permanent, ErrorCode: "no_message", Reason: "WhatsApp shows typing only in answer to a received message."))
            : ReadAsync(integration, platformMessageId, showTyping: true, cancellationToken);

    private async Task<SendResult> ReadAsync(ChannelIntegration integration, string platformMessageId, bool showTyping, CancellationToken cancellationToken)
    {
        var credential = integration.RequireCredential(credentialField);
        var body = CloudApiMessages.ReadReceipt(platformMessageId, showTyping);
        var result = await endpoint.SendMessageAsync(credential, phoneNumberId(integration), body, cancellationToken);
        return result.IsOk ? SendResult.Sent(platformMessageId) : endpoint.ToFailure(result, null, credential);
    }
}
