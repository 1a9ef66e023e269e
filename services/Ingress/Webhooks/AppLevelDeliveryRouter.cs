using DaprChannels.BuildingBlocks.State;
using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;
using DaprChannels.ServiceDefaults.Integrations;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Ingress.Webhooks;

/// <summary>
/// Hands each account's share of a verified app-level delivery to the integration that claims the
/// account (<c>route:{platform}:{account}</c>, written by the admin API). Shares of accounts no
/// integration claims are logged and dropped: the platform would otherwise retry them for days.
/// </summary>
public static class AppLevelDeliveryRouter
{
    public static async Task<IntakeResult> RouteAsync(
        IEnumerable<MetaAccountDelivery> shares,
        IStateStore state,
        IntegrationDirectory integrations,
        WebhookIntake intake,
        ILogger logger,
        CancellationToken ct)
    {
        var outcome = IntakeOutcome.Accepted;
        foreach (var share in shares)
        {
            var route = await state.GetAsync<string>(StateKeys.Route(share.Platform, share.AccountId), ct);
            var integration = route is null ? null : await integrations.FindAsync(route.Value, ct);
            if (integration is null || integration.Record.Platform != share.Platform)
            {
                logger.LogWarning("No {Platform} integration for account {AccountId}; its part of the delivery is dropped", share.Platform, share.AccountId);
                continue;
            }

            var result = await intake.AcceptVerifiedAsync(integration, WebhookIntake.BodyDeliveryId(share.Body), share.Body,
                "application/json", null, ct);
            if (result.Outcome == IntakeOutcome.Unavailable)
            {
                // The platform retries the whole delivery; the shares already published are recognised then.
                outcome = IntakeOutcome.Unavailable;
            }
        }

        return new IntakeResult(outcome);
    }
}
