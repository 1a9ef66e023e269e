using System.Text.Json;
using DaprChannels.BuildingBlocks;
using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.LeadAds;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.ServiceDefaults.Integrations;
using Microsoft.Extensions.Logging;

namespace DaprChannels.IntegrationAdmin.Leads;

/// <summary>
/// Keeps every captured lead readable in the admin API and carries out the integration's lead action.
/// The webhook action is retried (the event is redelivered with backoff) on 5xx and timeouts, and
/// once the receiver answered 2xx a mark in state keeps a redelivery from posting it again. A lead's
/// answers are personal data: only ids reach the logs.
/// </summary>
public sealed partial class LeadCapturedHandler(
    LeadStore leads,
    IStateStore state,
    IntegrationDirectory integrations,
    LeadWebhookSender webhooks,
    TimeProvider clock,
    ILogger<LeadCapturedHandler> logger) : IEventHandler<LeadCaptured>
{
    /// <summary>Longer than any redelivery of the event can come.</summary>
    public static readonly TimeSpan SentMarkRetention = TimeSpan.FromDays(30);

    /// <summary>What the webhook action POSTs.</summary>
    public sealed record LeadWebhookBody(string Id, string TenantId, string IntegrationId, string Platform, DateTimeOffset CapturedAt, Contracts.Messages.CanonicalLead Lead);

    public async Task<HandlerResult> HandleAsync(LeadCaptured captured, EventContext context, CancellationToken cancellationToken)
    {
        await leads.SaveAsync(new StoredLead(captured.Lead.LeadId, captured.Id, captured.TenantId, captured.IntegrationId, captured.Platform,
            captured.OccurredAt, captured.Lead), cancellationToken);

        var integration = await integrations.FindAsync(captured.IntegrationId, cancellationToken);
        if (integration is null)
        {
            LogNoIntegration(logger, captured.Lead.LeadId, captured.IntegrationId);
            return HandlerResult.Success;
        }

        LeadAction action;
        try
        {
            action = LeadAction.From(integration.Channel);
        }
        catch (ChannelConfigurationException ex)
        {
            throw new PoisonEventException($"Lead {captured.Lead.LeadId} of integration {captured.IntegrationId} was stored, but its action is misconfigured: {ex.Message}");
        }

        if (action.Kind != LeadActionKind.Webhook || action.WebhookUrl is null)
        {
            return HandlerResult.Success;
        }

        var sentKey = StateKeys.LeadWebhookSent(captured.IntegrationId, captured.Lead.LeadId);
        if (await state.GetAsync<DateTimeOffset>(sentKey, cancellationToken) is not null)
        {
            return HandlerResult.Success;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(
            new LeadWebhookBody(captured.Id, captured.TenantId, captured.IntegrationId, captured.Platform, captured.OccurredAt, captured.Lead),
            EventJson.Options);
        var secret = integration.Channel.RequireCredential(LeadAction.WebhookSecretCredential);
        var (outcome, status) = await webhooks.PostAsync(action.WebhookUrl, secret, captured.Id, body, cancellationToken);
        switch (outcome)
        {
            case LeadWebhookOutcome.Delivered:
                await state.TryClaimAsync(sentKey, clock.GetUtcNow(), SentMarkRetention, cancellationToken);
                LogDelivered(logger, captured.Lead.LeadId, captured.IntegrationId, status);
                return HandlerResult.Success;
            case LeadWebhookOutcome.Transient:
                LogRetry(logger, captured.Lead.LeadId, captured.IntegrationId, status, context.Attempt);
                return HandlerResult.Retry;
            default:
                throw new PoisonEventException($"The lead webhook of integration {captured.IntegrationId} refused lead {captured.Lead.LeadId} with HTTP {status}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lead {LeadId} was stored, but integration {IntegrationId} no longer exists: no action taken")]
    private static partial void LogNoIntegration(ILogger logger, string leadId, string integrationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead {LeadId} of integration {IntegrationId} was posted to the lead webhook (HTTP {Status})")]
    private static partial void LogDelivered(ILogger logger, string leadId, string integrationId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lead webhook of integration {IntegrationId} did not take lead {LeadId} (HTTP {Status}, attempt {Attempt}); it will be tried again")]
    private static partial void LogRetry(ILogger logger, string leadId, string integrationId, int status, int attempt);
}
