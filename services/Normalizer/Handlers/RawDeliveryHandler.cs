using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Integrations;
using DaprChannels.Contracts.Messages;
using DaprChannels.ServiceDefaults.Integrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprChannels.Normalizer.Handlers;

/// <summary>
/// Turns a raw delivery into canonical events. Each message is published before its platform id is
/// claimed, and its event id follows from that platform id: a crash between the two republishes the
/// same event, which consumers recognise, instead of losing it.
/// </summary>
public sealed class RawDeliveryHandler(
    IntegrationDirectory integrations,
    ChannelRegistry channels,
    IStateStore state,
    IEventPublisher publisher,
    TimeProvider clock,
    IOptions<NormalizerOptions> options,
    ILogger<RawDeliveryHandler> logger) : IEventHandler<RawDelivery>
{
    public async Task<HandlerResult> HandleAsync(RawDelivery delivery, EventContext context, CancellationToken cancellationToken)
    {
        var integration = await integrations.FindAsync(delivery.IntegrationId, cancellationToken);
        if (integration is null)
        {
            throw new PoisonEventException($"Integration {delivery.IntegrationId} no longer exists.");
        }

        var adapter = channels.Find(delivery.Platform)
                      ?? throw new PoisonEventException($"No adapter for platform {delivery.Platform}.");
        ParsedDelivery parsed;
        try
        {
            parsed = adapter.Parse(delivery, integration.Channel);
        }
        catch (Exception ex) when (ex is FormatException or ChannelConfigurationException)
        {
            throw new PoisonEventException($"Delivery {delivery.Id} of integration {delivery.IntegrationId} could not be parsed: {ex.Message}");
        }

        if (parsed.IsEmpty)
        {
            logger.LogDebug("Delivery {DeliveryId} held nothing to normalize", delivery.Id);
        }

        foreach (var message in parsed.Messages)
        {
            await NormalizeMessageAsync(delivery, message, cancellationToken);
        }

        foreach (var status in parsed.Statuses)
        {
            await publisher.PublishAsync(InboundStatusChanged.Topic, new InboundStatusChanged(
                ConversationIds.Status(delivery.IntegrationId, status.PlatformMessageId, status.Status.ToString()),
                clock.GetUtcNow(), delivery.TenantId, delivery.IntegrationId, delivery.Platform, status), cancellationToken);
        }

        foreach (var lead in parsed.Leads)
        {
            await CaptureLeadAsync(delivery, lead, cancellationToken);
        }

        return HandlerResult.Success;
    }

    private async Task NormalizeMessageAsync(RawDelivery delivery, CanonicalMessage message, CancellationToken cancellationToken)
    {
        var claimKey = StateKeys.MessageClaim(delivery.IntegrationId, message.PlatformMessageId);
        if (!message.IsEdit && await state.GetAsync<DateTimeOffset>(claimKey, cancellationToken) is not null)
        {
            logger.LogDebug("Message {PlatformMessageId} was already normalized", message.PlatformMessageId);
            return;
        }

        var conversationId = ConversationIds.Conversation(delivery.IntegrationId, message.ChannelAddress);
        var contactId = ConversationIds.Contact(delivery.IntegrationId, message.Sender.PlatformUserId);
        if (!message.IsEcho)
        {
            await state.UpdateAsync<ConversationRecord>(StateKeys.Conversation(conversationId), existing => existing is null
                    ? new ConversationRecord(conversationId, delivery.TenantId, delivery.IntegrationId, delivery.Platform,
                        message.ChannelAddress, contactId, message.Sender, ConversationMode.Bot, message.SentAt, message.SentAt, 1)
                    : existing with
                    {
                        Contact = message.Sender,
                        LastInboundAt = message.SentAt > existing.LastInboundAt ? message.SentAt : existing.LastInboundAt,
                        MessageCount = existing.MessageCount + 1,
                    },
                options.Value.ConversationRetention,
                cancellationToken: cancellationToken);
        }

        var eventId = ConversationIds.InboundMessage(delivery.IntegrationId, message.PlatformMessageId + (message.IsEdit ? ":edit:" + delivery.Id : ""));
        await publisher.PublishAsync(InboundMessageReceived.Topic, new InboundMessageReceived(
            eventId, clock.GetUtcNow(), delivery.TenantId, delivery.IntegrationId, delivery.Platform,
            conversationId, contactId, message), cancellationToken);

        if (!message.IsEdit)
        {
            await state.TryClaimAsync(claimKey, clock.GetUtcNow(), options.Value.MessageDedupWindow, cancellationToken);
        }
    }

    private async Task CaptureLeadAsync(RawDelivery delivery, CanonicalLead lead, CancellationToken cancellationToken)
    {
        var claimKey = StateKeys.MessageClaim(delivery.IntegrationId, "lead:" + lead.LeadId);
        if (await state.GetAsync<DateTimeOffset>(claimKey, cancellationToken) is not null)
        {
            return;
        }

        await publisher.PublishAsync(LeadCaptured.Topic, new LeadCaptured(
            ConversationIds.Lead(delivery.IntegrationId, lead.LeadId), clock.GetUtcNow(),
            delivery.TenantId, delivery.IntegrationId, delivery.Platform, lead), cancellationToken);
        await state.TryClaimAsync(claimKey, clock.GetUtcNow(), options.Value.MessageDedupWindow, cancellationToken);
    }
}
