using System.Diagnostics;
using System.Security.Cryptography;
using DaprChannels.BuildingBlocks;
using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Integrations;
using DaprChannels.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Ingress.Webhooks;

public enum IntakeOutcome
{
    Accepted,
    Duplicate,
    UnknownIntegration,
    Unauthorized,
    Unavailable,
}

public sealed record IntakeResult(IntakeOutcome Outcome, string? DeliveryId = null);

/// <summary>
/// The one path every inbound delivery takes: verify, drop a delivery id seen before, publish the
/// raw bytes durably with the delivery id's claim as its record (<see cref="RecordedPublisher"/>). Only an <see cref="IntakeOutcome.Accepted"/> or <see cref="IntakeOutcome.Duplicate"/>
/// result may be answered with 2xx; <see cref="IntakeOutcome.Unavailable"/> means nothing was
/// published and the platform must retry.
/// </summary>
public sealed class WebhookIntake(
    IntegrationDirectory integrations,
    ChannelRegistry channels,
    IStateStore state,
    RecordedPublisher recorded,
    TimeProvider clock,
    IOptions<IngressOptions> options,
    ILogger<WebhookIntake> logger)
{
    public async Task<(ResolvedIntegration Integration, IInboundChannel Adapter)?> FindAsync(string platform, string integrationId, CancellationToken cancellationToken)
    {
        var integration = await integrations.FindAsync(integrationId, cancellationToken);
        if (integration is null
            || integration.Record.Status is IntegrationStatus.Disabled or IntegrationStatus.Pending or IntegrationStatus.Disconnected
            || !string.Equals(integration.Record.Platform, platform, StringComparison.OrdinalIgnoreCase)
            || channels.Find<IInboundChannel>(platform) is not { } adapter)
        {
            return null;
        }

        return (integration, adapter);
    }

    public async Task<IntakeResult> AcceptAsync(
        string platform,
        string integrationId,
        WebhookRequest request,
        string contentType,
        IReadOnlyDictionary<string, string>? extraHeaders,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(platform, integrationId, cancellationToken) is not var (integration, adapter))
        {
            DaprChannelsTelemetry.WebhooksRejected.Add(1, new KeyValuePair<string, object?>("reason", "unknown_integration"));
            return new IntakeResult(IntakeOutcome.UnknownIntegration);
        }

        var verdict = adapter.Verify(request, integration.Channel);
        if (!verdict.IsValid)
        {
            logger.LogWarning("Rejected a {Platform} delivery for integration {IntegrationId}: {Reason}", platform, integrationId, verdict.Reason);
            DaprChannelsTelemetry.WebhooksRejected.Add(1, new KeyValuePair<string, object?>("reason", "verification"));
            return new IntakeResult(IntakeOutcome.Unauthorized);
        }

        var deliveryId = adapter.DeliveryId(request) ?? BodyDeliveryId(request.Body.Span);
        return await AcceptVerifiedAsync(integration, deliveryId, request.Body, contentType, extraHeaders, cancellationToken);
    }

    /// <summary>Without a platform delivery id, the body's hash recognises a redelivery of the same bytes.</summary>
    public static string BodyDeliveryId(ReadOnlySpan<byte> body) => "sha256:" + Convert.ToHexString(SHA256.HashData(body));

    /// <summary>
    /// Publishes a delivery already verified by the caller (an app-level webhook checks the signature
    /// once for all accounts): drops a repeat, publishes, then remembers the delivery id.
    /// </summary>
    public async Task<IntakeResult> AcceptVerifiedAsync(
        ResolvedIntegration integration,
        string deliveryId,
        ReadOnlyMemory<byte> body,
        string contentType,
        IReadOnlyDictionary<string, string>? extraHeaders,
        CancellationToken cancellationToken)
    {
        var integrationId = integration.Record.Id;
        Activity.Current?.SetTag("daprchannels.integration.id", integrationId);
        Activity.Current?.SetTag("daprchannels.delivery.id", deliveryId);

        var claimKey = IngressStateKeys.DeliveryClaim(integrationId, deliveryId);
        var now = clock.GetUtcNow();
        try
        {
            if (await state.GetAsync<DateTimeOffset>(claimKey, cancellationToken) is not null)
            {
                DaprChannelsTelemetry.WebhooksDuplicate.Add(1);
                return new IntakeResult(IntakeOutcome.Duplicate, deliveryId);
            }
        }
        catch (StateStoreException ex)
        {
            logger.LogError(ex, "Could not check delivery {DeliveryId} of integration {IntegrationId}", deliveryId, integrationId);
            return new IntakeResult(IntakeOutcome.Unavailable, deliveryId);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["content-type"] = contentType };
        if (extraHeaders is not null)
        {
            foreach (var (name, value) in extraHeaders)
            {
                headers[name] = value;
            }
        }

        var delivery = new RawDelivery(
            DeliveryEventId(integrationId, deliveryId),
            now,
            integration.Record.TenantId,
            integrationId,
            integration.Record.Platform,
            contentType,
            body.ToArray(),
            headers);
        // Remembered only with or after the publish: a crash in between means the platform's retry publishes the
        // same event id again (consumers recognise it) instead of being dropped as a duplicate.
        var remember = StateOperation.Upsert(claimKey, now, ttl: options.Value.DeliveryDedupWindow);
        try
        {
            await recorded.PublishAsync(RawDelivery.Topic, delivery, [remember], cancellationToken);
        }
        catch (RecordNotWrittenException ex)
        {
            logger.LogWarning(ex, "Delivery {DeliveryId} was published but not recorded; a redelivery of it will be published again", deliveryId);
        }
        catch (Exception ex) when (ex is PublishFailedException or OperationCanceledException)
        {
            logger.LogError(ex, "Could not publish delivery {DeliveryId} of integration {IntegrationId}; answering 503", deliveryId, integrationId);
            return new IntakeResult(IntakeOutcome.Unavailable, deliveryId);
        }

        DaprChannelsTelemetry.WebhooksAccepted.Add(1, new KeyValuePair<string, object?>("platform", integration.Record.Platform));
        return new IntakeResult(IntakeOutcome.Accepted, deliveryId);
    }

    /// <summary>The same delivery always gets the same event id, so downstream consumers can dedupe on it.</summary>
    public static string DeliveryEventId(string integrationId, string deliveryId) =>
        StableId.From("raw_", integrationId, deliveryId);
}
