using DaprChannels.BuildingBlocks.Secrets;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Channels.Dialog360;
using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;
using DaprChannels.Ingress.Webhooks;
using DaprChannels.ServiceDefaults;
using DaprChannels.Integrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Ingress.Apis;

/// <summary>
/// The app-level 360dialog webhook: a partner registers <c>/webhooks/360dialog</c> for all of its
/// channels with one platform-wide token header (secret <c>dialog360-webhook-token</c>, optionally
/// also signed with <c>dialog360-signing-secret</c>). Each delivery is verified once, split by
/// <c>metadata.phone_number_id</c> and routed to the 360dialog integration claiming that number.
/// Numbers with no integration are logged and acknowledged: 360dialog would otherwise retry them for days.
/// </summary>
public static class Dialog360WebhooksApi
{
    public const string WebhookTokenName = SecretNames.Dialog360WebhookToken;
    public const string SigningSecretName = SecretNames.Dialog360SigningSecret;

    public static IEndpointRouteBuilder MapDialog360WebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup($"/webhooks/{Platforms.Dialog360}").WithTags("Webhooks")
            .MapPost("/", DeliverAsync)
            .WithName("Dialog360AppWebhookDelivery")
            .WithSummary("Receives an app-level 360dialog delivery and routes each phone number's share to its integration.")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    public static async Task<IResult> DeliverAsync(
        HttpRequest request,
        WebhookRequestReader reader,
        WebhookIntake intake,
        ISecretStore secrets,
        IStateStore state,
        IntegrationDirectory integrations,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var webhookToken = await secrets.GetSecretValueAsync(WebhookTokenName, cancellationToken: ct);
        if (webhookToken is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "App-level 360dialog webhook not configured",
                detail: $"Provide the '{WebhookTokenName}' secret to use /webhooks/{Platforms.Dialog360}.");
        }

        var signingSecret = await secrets.GetSecretValueAsync(SigningSecretName, cancellationToken: ct);
        return await AppLevelDeliveryRouter.AcceptAsync(request, reader,
            webhook => Dialog360WebhookVerifier.Verify(webhook, webhookToken, signingSecret),
            // 360dialog relays Cloud API payloads only; anything else in the body has no integration here.
            body => MetaDeliverySplitter.Split(body, Platforms.Dialog360).Where(s => s.Platform == Platforms.Dialog360).ToList(),
            intake, state, integrations, loggers.CreateLogger("DaprChannels.Ingress.Dialog360Webhooks"), ct);
    }
}
