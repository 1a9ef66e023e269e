using DaprChannels.Integrations;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Dispatcher.Handlers;

/// <summary>
/// Shows read marks and typing indicators, and acknowledges button presses, through the channel,
/// where its capabilities allow. They are best-effort: a failed one is logged and acknowledged, never
/// retried. A read mark or typing indicator older than <see cref="DispatcherOptions.MaxSignalAge"/> is
/// skipped (a typing indicator shown after the reply is wrong); an acknowledgement never is, however
/// late: until it is sent the contact's button keeps loading, and the platform itself refuses one that
/// is too late. Refused credentials are still reported on <c>outbound.result</c>, as a failed send is,
/// so the integration is flagged for re-authorization.
/// </summary>
public sealed class ConversationActionHandler(
    IntegrationDirectory integrations,
    ChannelRegistry channels,
    IEventPublisher publisher,
    TimeProvider clock,
    IOptions<DispatcherOptions> options,
    ILogger<ConversationActionHandler> logger) : IEventHandler<ConversationActionRequested>
{
    public async Task<HandlerResult> HandleAsync(ConversationActionRequested action, EventContext context, CancellationToken cancellationToken)
    {
        var age = clock.GetUtcNow() - action.OccurredAt;
        if (age > options.Value.MaxSignalAge && action.Kind != ConversationActionKind.AcknowledgeInteraction)
        {
            logger.LogDebug("Skipping {Kind} {ActionId}: {Age} old, too late to show", action.Kind, action.Id, age);
            return HandlerResult.Success;
        }

        if (channels.Find<IConversationActions>(action.Platform) is not { } actions || !Supports(actions.Capabilities, action.Kind))
        {
            return HandlerResult.Success;
        }

        var integration = await integrations.FindAsync(action.IntegrationId, cancellationToken);
        if (integration is null)
        {
            return HandlerResult.Success;
        }

        SendResult result;
        try
        {
            result = action.Kind switch
            {
                ConversationActionKind.MarkAsRead when action.PlatformMessageId is { } messageId =>
                    await actions.MarkAsReadAsync(integration.Channel, action.ChannelAddress, messageId, cancellationToken),
                ConversationActionKind.MarkAsRead =>
                    new SendResult(SendStatus.Permanent, ErrorCode: "no_message", Reason: "No message to mark as read."),
                ConversationActionKind.AcknowledgeInteraction when action.CallbackId is { } callbackId =>
                    await actions.AcknowledgeInteractionAsync(integration.Channel, callbackId, cancellationToken),
                ConversationActionKind.AcknowledgeInteraction =>
                    new SendResult(SendStatus.Permanent, ErrorCode: "no_callback", Reason: "No button press to acknowledge."),
                _ => await actions.ShowTypingAsync(integration.Channel, action.ChannelAddress, action.PlatformMessageId, cancellationToken),
            };
        }
        catch (ChannelConfigurationException ex)
        {
            result = new SendResult(SendStatus.Permanent, ErrorCode: "configuration", Reason: ex.Message);
        }

        if (result.Status == SendStatus.Sent)
        {
            return HandlerResult.Success;
        }

        // Reason and code come from the adapters, which scrub credentials out of the platform's text.
        logger.LogInformation("{Kind} {ActionId} on {Platform} not shown: {Status} {ErrorCode} {Reason}",
            action.Kind, action.Id, action.Platform, result.Status, result.ErrorCode, result.Reason);
        if (result.Status == SendStatus.Unauthorized)
        {
            await ReportRefusedCredentialsAsync(action, result, context, cancellationToken);
        }

        return HandlerResult.Success;
    }

    private static bool Supports(ChannelCapabilities capabilities, ConversationActionKind kind) => kind switch
    {
        ConversationActionKind.MarkAsRead => capabilities.MarkAsRead,
        ConversationActionKind.Typing => capabilities.TypingIndicator,
        ConversationActionKind.AcknowledgeInteraction => capabilities.AcknowledgeInteractions,
        _ => false,
    };

    private Task ReportRefusedCredentialsAsync(ConversationActionRequested action, SendResult result, EventContext context, CancellationToken cancellationToken) =>
        publisher.PublishAsync(OutboundMessageResult.Topic, new OutboundMessageResult(
            StableId.From("res_", action.Id),
            clock.GetUtcNow(),
            action.Id,
            action.TenantId,
            action.IntegrationId,
            action.Platform,
            action.ConversationId,
            SendOutcomeKind.Failed,
            DeliveryStatus.Failed,
            null,
            "unauthorized",
            result.Reason,
            context.Attempt,
            []), cancellationToken);
}
