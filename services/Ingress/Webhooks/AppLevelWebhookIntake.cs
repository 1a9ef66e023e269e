using DaprChannels.BuildingBlocks.Secrets;
using DaprChannels.Contracts.Integrations;
using DaprChannels.Ingress.Apis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Ingress.Webhooks;

/// <summary>
/// Serves every app-level webhook a family declares (<see cref="IAppLevelWebhook"/>): reads its platform-wide secrets,
/// verifies a delivery once, splits it by account and hands each share to the integration that claims the account
/// (<c>route:{platform}:{account}</c> in the integration read model, written by the admin API). Shares of accounts no integration claims are logged
/// and dropped: the platform would otherwise retry them for days.
/// </summary>
public sealed class AppLevelWebhookIntake(
    WebhookRequestReader reader,
    WebhookIntake intake,
    ISecretStore secrets,
    IntegrationDirectory integrations,
    ILoggerFactory loggers)
{
    public async Task<IResult> HandshakeAsync(IAppLevelWebhook webhook, HttpRequest request, CancellationToken ct)
    {
        if (await ReadSecretsAsync(webhook, forHandshake: true, ct) is not { } found)
        {
            return NotConfigured(webhook);
        }

        // A handshake has no body worth the name: one too large is as unreadable as one cut short.
        var (received, problem) = await WebhooksApi.ReadAsync(reader, request, ct);
        return received is null || problem is not null ? WebhooksApi.Unreadable() : WebhooksApi.ToHttpResult(webhook.Handshake(received, found));
    }

    /// <summary>
    /// Reads the body (413/400 problem details), verifies it once with the platform-wide secrets (401, nothing
    /// published), splits it by account (400 with the reason) and routes every share.
    /// </summary>
    public async Task<IResult> DeliverAsync(IAppLevelWebhook webhook, HttpRequest request, CancellationToken ct)
    {
        if (await ReadSecretsAsync(webhook, forHandshake: false, ct) is not { } found)
        {
            return NotConfigured(webhook);
        }

        var (received, problem) = await WebhooksApi.ReadAsync(reader, request, ct);
        if (received is null || problem is not null)
        {
            return problem ?? WebhooksApi.Unreadable();
        }

        var logger = loggers.CreateLogger($"DaprChannels.Ingress.{webhook.Name}Webhooks");
        var verdict = webhook.Verify(received, found);
        if (!verdict.IsValid)
        {
            logger.LogWarning("Rejected an app-level delivery: {Reason}", verdict.Reason);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        IReadOnlyList<AccountDelivery> shares;
        try
        {
            shares = webhook.Split(received.Body.Span);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            // InvalidOperationException: a field of the wrong JSON type (an object where an id string belongs).
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed delivery",
                detail: ex is FormatException ? ex.Message : "A field of the delivery has the wrong type.");
        }

        return WebhooksApi.ToHttpResult(await RouteAsync(shares, logger, ct));
    }

    private async Task<IntakeResult> RouteAsync(IEnumerable<AccountDelivery> shares, ILogger logger, CancellationToken ct)
    {
        var outcome = IntakeOutcome.Accepted;
        foreach (var share in shares)
        {
            var integration = await integrations.FindByRouteAsync(share.Platform, share.AccountId, ct);
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

    /// <summary>The secrets one use of the webhook reads; null when a required one is missing.</summary>
    private async Task<IReadOnlyDictionary<string, string>?> ReadSecretsAsync(IAppLevelWebhook webhook, bool forHandshake, CancellationToken ct)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var secret in webhook.Secrets.Where(s => s.ForHandshake == forHandshake))
        {
            if (await secrets.GetSecretValueAsync(secret.Name, cancellationToken: ct) is { } value)
            {
                found[secret.Name] = value;
            }
            else if (secret.Required)
            {
                return null;
            }
        }

        return found;
    }

    private static ProblemHttpResult NotConfigured(IAppLevelWebhook webhook)
    {
        var required = webhook.Secrets.Where(s => s.Required).Select(s => $"'{s.Name}'").ToList();
        return TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: $"App-level {webhook.DisplayName} webhook not configured",
            detail: $"Provide the {string.Join(" and ", required)} secret{(required.Count == 1 ? "" : "s")} to use /webhooks/{webhook.Route}.");
    }
}
