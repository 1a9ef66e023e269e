using DaprChannels.BuildingBlocks.State;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Integrations;
using DaprChannels.Ingress.Apis;
using DaprChannels.Integrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Ingress.Webhooks;

/// <summary>
/// Hands each account's share of a verified app-level delivery to the integration that claims the
/// account (<c>route:{platform}:{account}</c>, written by the admin API). Shares of accounts no
/// integration claims are logged and dropped: the platform would otherwise retry them for days.
/// </summary>
public static class AppLevelDeliveryRouter
{
    /// <summary>Splits a verified body into one share per platform account; throws <see cref="FormatException"/> on a body of the wrong shape.</summary>
    public delegate IReadOnlyList<MetaAccountDelivery> Splitter(ReadOnlySpan<byte> body);

    /// <summary>
    /// The whole app-level webhook: reads the body (413/400 problem details), verifies it once with
    /// the platform-wide secrets (401, nothing published), splits it by account (400 with the reason)
    /// and routes every share.
    /// </summary>
    public static async Task<IResult> AcceptAsync(
        HttpRequest request,
        WebhookRequestReader reader,
        Func<WebhookRequest, WebhookVerdict> verify,
        Splitter split,
        WebhookIntake intake,
        IStateStore state,
        IntegrationDirectory integrations,
        ILogger logger,
        CancellationToken ct)
    {
        WebhookRequest webhook;
        try
        {
            webhook = await reader.ReadAsync(request, ct);
        }
        catch (BodyTooLargeException)
        {
            return WebhooksApi.TooLarge();
        }
        catch (BodyUnreadableException)
        {
            return WebhooksApi.Unreadable();
        }

        var verdict = verify(webhook);
        if (!verdict.IsValid)
        {
            logger.LogWarning("Rejected an app-level delivery: {Reason}", verdict.Reason);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        IReadOnlyList<MetaAccountDelivery> shares;
        try
        {
            shares = split(webhook.Body.Span);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            // InvalidOperationException: a field of the wrong JSON type (an object where an id string belongs).
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed delivery",
                detail: ex is FormatException ? ex.Message : "A field of the delivery has the wrong type.");
        }

        return WebhooksApi.ToHttpResult(await RouteAsync(shares, state, integrations, intake, logger, ct));
    }

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

            if (integration.Record.Status != IntegrationStatus.Active)
            {
                // Disabled, pending or waiting for re-authorization: as on its own webhook URL, it receives nothing.
                logger.LogWarning("The {Platform} integration {IntegrationId} for account {AccountId} is {Status}; its part of the delivery is dropped",
                    share.Platform, integration.Record.Id, share.AccountId, integration.Record.Status);
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
