using DaprChannels.BuildingBlocks;
using DaprChannels.Channels.LeadAds;

namespace DaprChannels.IntegrationAdmin.Leads;

/// <summary>
/// Keeps every captured lead readable in the admin API and carries out the integration's lead action.
/// The webhook action is posted once per lead id: a lease on the lead's post key is taken before the
/// POST, so a duplicate event arriving meanwhile comes back later instead of posting too (and takes
/// the POST over should this worker crash and the lease lapse); once the receiver answered 2xx the key
/// is marked done, so a redelivery never posts it again. 5xx and timeouts release the lease and are
/// retried (the event is redelivered with backoff). A lead's answers are personal data: only ids reach
/// the logs.
/// </summary>
public sealed partial class LeadCapturedHandler(
    LeadStore leads,
    IStateStore state,
    IntegrationDirectory integrations,
    LeadWebhookSender webhooks,
    TimeProvider clock,
    IOptions<LeadWebhookOptions> webhookOptions,
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

        var secret = integration.Channel.RequireCredential(LeadAction.WebhookSecretCredential);
        var postKey = IntegrationAdminStateKeys.LeadWebhookSent(captured.IntegrationId, captured.Lead.LeadId);
        var (claim, lease) = await state.TryLeaseWorkAsync(postKey, webhookOptions.Value.PostingLease, SentMarkRetention, clock, cancellationToken);
        switch (claim)
        {
            case LeaseOutcome.Done:
                return HandlerResult.Success;
            case LeaseOutcome.Busy:
                LogBusy(logger, captured.Lead.LeadId, captured.IntegrationId);
                return HandlerResult.Retry;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(
            new LeadWebhookBody(captured.Id, captured.TenantId, captured.IntegrationId, captured.Platform, captured.OccurredAt, captured.Lead),
            EventJson.Options);
        LeadWebhookOutcome outcome;
        int status;
        try
        {
            (outcome, status) = await webhooks.PostAsync(action.WebhookUrl, secret, captured.Id, body, cancellationToken);
        }
        catch
        {
            await ReleaseAsync(lease!);
            throw;
        }

        switch (outcome)
        {
            case LeadWebhookOutcome.Delivered:
                // Whoever holds the lease now, the lead is out: a redelivery must not post it again.
                await state.MarkWorkDoneAsync(postKey, SentMarkRetention, clock, cancellationToken);
                LogDelivered(logger, captured.Lead.LeadId, captured.IntegrationId, status);
                return HandlerResult.Success;
            case LeadWebhookOutcome.Transient:
                await ReleaseAsync(lease!);
                LogRetry(logger, captured.Lead.LeadId, captured.IntegrationId, status, context.Attempt);
                return HandlerResult.Retry;
            default:
                await ReleaseAsync(lease!);
                throw new PoisonEventException($"The lead webhook of integration {captured.IntegrationId} refused lead {captured.Lead.LeadId} with HTTP {status}.");
        }
    }

    /// <summary>Lets the next attempt post at once instead of waiting for the lease to lapse.</summary>
    private async Task ReleaseAsync(WorkLease lease)
    {
        if (!await state.ReleaseWorkAsync(lease))
        {
            LogLeaseKept(logger, lease.Key);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lead {LeadId} was stored, but integration {IntegrationId} no longer exists: no action taken")]
    private static partial void LogNoIntegration(ILogger logger, string leadId, string integrationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead {LeadId} of integration {IntegrationId} was posted to the lead webhook (HTTP {Status})")]
    private static partial void LogDelivered(ILogger logger, string leadId, string integrationId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lead webhook of integration {IntegrationId} did not take lead {LeadId} (HTTP {Status}, attempt {Attempt}); it will be tried again")]
    private static partial void LogRetry(ILogger logger, string leadId, string integrationId, int status, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lead {LeadId} of integration {IntegrationId} is being posted by another worker; the event comes back")]
    private static partial void LogBusy(ILogger logger, string leadId, string integrationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the posting lease of {Key}; it lapses by itself")]
    private static partial void LogLeaseKept(ILogger logger, string key);
}
