using System.Text.Unicode;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Integrations;
using DaprChannels.Contracts.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprChannels.Normalizer.Handlers;

/// <summary>
/// Turns a raw delivery into canonical events. Each message's event is published with its record (the
/// conversation update and the claim of its platform id) through <see cref="RecordedPublisher"/>; its event id
/// follows from the platform id, so any repeat is recognised downstream. The event carries what later stages
/// need of the conversation (its mode, when the contact last wrote), so no other service reads it.
/// </summary>
public sealed class RawDeliveryHandler(
    IntegrationDirectory integrations,
    ChannelRegistry channels,
    IStateStore state,
    IEventPublisher publisher,
    RecordedPublisher recorded,
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

        var adapter = channels.Find<IInboundChannel>(delivery.Platform)
                      ?? throw new PoisonEventException($"No adapter for platform {delivery.Platform}.");
        ParsedDelivery parsed;
        try
        {
            RequireUtf8(delivery);
            parsed = adapter.Parse(delivery, integration.Channel);
        }
        catch (Exception ex) when (ex is FormatException or ChannelConfigurationException)
        {
            throw new PoisonEventException($"Delivery {delivery.Id} of integration {delivery.IntegrationId} could not be parsed: {ex.Message}", ex);
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

        var retry = false;
        foreach (var lead in parsed.Leads)
        {
            retry |= !await CaptureLeadAsync(delivery, adapter, integration.Channel, lead, cancellationToken);
        }

        // The whole delivery comes back; what was published already is recognised by its claim.
        return retry ? HandlerResult.Retry : HandlerResult.Success;
    }

    /// <summary>
    /// JSON, form fields and text arrive as UTF-8 (RFC 8259 §8.1). A body that is not never becomes
    /// parseable by retrying, and parsers that read values out of JSON elements would otherwise fail
    /// on it with an error that looks transient, so it is refused here, once, for every platform.
    /// </summary>
    private static void RequireUtf8(RawDelivery delivery)
    {
        var mediaType = delivery.ContentType.Split(';', 2)[0].Trim();
        var isText = mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase)
                     || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
                     || mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (isText && !Utf8.IsValid(delivery.Body))
        {
            throw new FormatException("The body is not valid UTF-8.");
        }
    }

    private async Task NormalizeMessageAsync(RawDelivery delivery, CanonicalMessage message, CancellationToken cancellationToken)
    {
        var claimKey = NormalizerStateKeys.MessageClaim(delivery.IntegrationId, message.PlatformMessageId);
        if (!message.IsEdit && await state.GetAsync<DateTimeOffset>(claimKey, cancellationToken) is not null)
        {
            logger.LogDebug("Message {PlatformMessageId} was already normalized", message.PlatformMessageId);
            return;
        }

        var conversationId = ConversationIds.Conversation(delivery.IntegrationId, message.ChannelAddress);
        var contactId = ConversationIds.Contact(delivery.IntegrationId, message.Sender.PlatformUserId);
        var eventId = ConversationIds.InboundMessage(delivery.IntegrationId, message.PlatformMessageId + (message.IsEdit ? ":edit:" + delivery.Id : ""));
        var conversationKey = NormalizerStateKeys.Conversation(conversationId);

        for (var attempt = 1; ; attempt++)
        {
            var operations = new List<StateOperation>(2);
            var current = await state.GetAsync<ConversationRecord>(conversationKey, cancellationToken);
            var conversation = current?.Value;
            if (!message.IsEcho)
            {
                conversation = Advance(current?.Value, delivery, message, conversationId, contactId);
                operations.Add(StateOperation.Upsert(conversationKey, conversation, current?.ETag, options.Value.ConversationRetention));
            }

            var received = new InboundMessageReceived(
                eventId, clock.GetUtcNow(), delivery.TenantId, delivery.IntegrationId, delivery.Platform, conversationId, contactId, message,
                conversation?.Mode ?? ConversationMode.Bot, conversation is { MessageCount: > 0 } ? conversation.LastInboundAt : null);

            if (!message.IsEdit)
            {
                operations.Add(StateOperation.Upsert(claimKey, clock.GetUtcNow(), ttl: options.Value.MessageDedupWindow));
            }

            try
            {
                await recorded.PublishAsync(InboundMessageReceived.Topic, received, operations, cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < 5
                                       && ex is StateConcurrencyException or RecordNotWrittenException { InnerException: StateConcurrencyException })
            {
                // Another message of the same conversation got there first; re-read and apply on top (under Dapr the
                // event went out already and goes again under the same id).
            }
        }
    }

    private static ConversationRecord Advance(ConversationRecord? existing, RawDelivery delivery, CanonicalMessage message, string conversationId, string contactId) =>
        existing is null
            ? new ConversationRecord(conversationId, delivery.TenantId, delivery.IntegrationId, delivery.Platform,
                message.ChannelAddress, contactId, message.Sender, ConversationMode.Bot, message.SentAt, message.SentAt, 1)
            : existing with
            {
                ContactId = contactId,
                Contact = message.Sender,
                LastInboundAt = message.SentAt > existing.LastInboundAt ? message.SentAt : existing.LastInboundAt,
                MessageCount = existing.MessageCount + 1,
            };

    /// <summary>
    /// Publishes a lead once per lead id, in whatever delivery and body it comes. A channel that
    /// announces leads by id (<see cref="ILeadSource"/>) has the lead read first, so the event carries
    /// the complete lead. The read happens under a lease on the lead's key: a concurrent delivery of
    /// the same lead finds it busy and comes back later (nothing is lost should this worker crash: the
    /// lease lapses and is taken over), and the event is published together with the "done" mark, only
    /// while the lease is still this worker's. False: the delivery should come back later (the platform
    /// could not be asked now, or another worker holds the lead).
    /// </summary>
    /// <remarks>
    /// Refused credentials do not heal by retrying soon: the delivery is dead-lettered (visible in the
    /// admin API) so it can be replayed once the integration has been re-authorized. A lead that no
    /// longer exists, or is not visible to the token, is skipped: asking again gives the same answer.
    /// </remarks>
    private async Task<bool> CaptureLeadAsync(
        RawDelivery delivery, IChannelAdapter adapter, ChannelIntegration integration, CanonicalLead lead, CancellationToken cancellationToken)
    {
        var key = NormalizerStateKeys.LeadCapture(delivery.IntegrationId, lead.LeadId);
        var retention = options.Value.MessageDedupWindow;
        var (outcome, lease) = await state.TryLeaseWorkAsync(key, options.Value.LeadReadLease, retention, clock, cancellationToken);
        switch (outcome)
        {
            case LeaseOutcome.Done:
                return true;
            case LeaseOutcome.Busy:
                logger.LogDebug("Lead {LeadId} of integration {IntegrationId} is being read by another worker; the delivery comes back",
                    lead.LeadId, delivery.IntegrationId);
                return false;
        }

        try
        {
            var (complete, settled) = await ReadLeadAsync(delivery, adapter, integration, lead, cancellationToken);
            if (complete is null)
            {
                await ReleaseLeaseAsync(lease!);
                return settled;
            }

            var done = await state.CompletionOfAsync(lease!, retention, clock, cancellationToken);
            if (done is null)
            {
                // The lease lapsed and another worker took the lead over: it publishes, this one must not.
                logger.LogInformation("Lead {LeadId} of integration {IntegrationId} was taken over by another worker while being read",
                    lead.LeadId, delivery.IntegrationId);
                return false;
            }

            await recorded.PublishAsync(LeadCaptured.Topic, new LeadCaptured(
                    ConversationIds.Lead(delivery.IntegrationId, complete.LeadId), clock.GetUtcNow(),
                    delivery.TenantId, delivery.IntegrationId, delivery.Platform, complete),
                [done],
                cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is StateConcurrencyException or RecordNotWrittenException { InnerException: StateConcurrencyException })
        {
            // Taken over between the check and the write: the other worker publishes (under Dapr this event went out
            // too, under the same id, and is recognised downstream).
            return false;
        }
        catch
        {
            await ReleaseLeaseAsync(lease!);
            throw;
        }
    }

    /// <summary>The complete lead; or null, and whether the lead is settled (skipped) rather than to be read again later.</summary>
    private async Task<(CanonicalLead? Lead, bool Settled)> ReadLeadAsync(
        RawDelivery delivery, IChannelAdapter adapter, ChannelIntegration integration, CanonicalLead lead, CancellationToken cancellationToken)
    {
        if (adapter is not ILeadSource source)
        {
            return (lead, true);
        }

        LeadFetchResult fetched;
        try
        {
            fetched = await source.FetchLeadAsync(integration, lead, cancellationToken);
        }
        catch (ChannelConfigurationException ex)
        {
            throw new PoisonEventException($"Lead {lead.LeadId} of integration {delivery.IntegrationId} cannot be read: {ex.Message}", ex);
        }

        switch (fetched.Status)
        {
            case LeadFetchStatus.Ok when fetched.Lead is not null:
                return (fetched.Lead, true);
            case LeadFetchStatus.NotFound:
                logger.LogWarning("Lead {LeadId} of integration {IntegrationId} was skipped: the platform does not show it ({ErrorCode})",
                    lead.LeadId, delivery.IntegrationId, fetched.ErrorCode);
                return (null, true);
            case LeadFetchStatus.Unauthorized:
                logger.LogWarning("Lead {LeadId} of integration {IntegrationId} could not be read: the platform refused the credentials ({ErrorCode})",
                    lead.LeadId, delivery.IntegrationId, fetched.ErrorCode);
                throw new PoisonEventException(
                    $"The platform refused the credentials of integration {delivery.IntegrationId} while reading lead {lead.LeadId}; replay after re-authorizing.");
            default:
                logger.LogInformation("Lead {LeadId} of integration {IntegrationId} will be read again later ({ErrorCode})",
                    lead.LeadId, delivery.IntegrationId, fetched.ErrorCode);
                return (null, false);
        }
    }

    /// <summary>Lets the next delivery of the lead read it at once instead of waiting for the lease to lapse.</summary>
    private async Task ReleaseLeaseAsync(WorkLease lease)
    {
        if (!await state.ReleaseWorkAsync(lease))
        {
            logger.LogWarning("Could not release the read lease of {Key}; it lapses by itself", lease.Key);
        }
    }
}
