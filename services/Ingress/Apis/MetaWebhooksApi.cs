using DaprChannels.BuildingBlocks.Secrets;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Channels.Meta;
using DaprChannels.Ingress.Webhooks;
using DaprChannels.ServiceDefaults;
using DaprChannels.Integrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Ingress.Apis;

/// <summary>
/// The app-level Meta webhook: a platform operator points one Meta app at <c>/webhooks/meta</c>
/// and each delivery is verified once with the app's secret (secret <c>meta-app-secret</c>), split
/// per platform account, and routed to the integration that account belongs to
/// (<c>route:{platform}:{account}</c>, written by the admin API). Accounts with no integration are
/// logged and acknowledged: Meta would otherwise retry them for days.
/// </summary>
public static class MetaWebhooksApi
{
    public const string AppSecretName = SecretNames.MetaAppSecret;
    public const string PreviousAppSecretName = SecretNames.MetaAppSecretPrevious;
    public const string VerifyTokenName = SecretNames.MetaVerifyToken;

    public static IEndpointRouteBuilder MapMetaWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks/meta").WithTags("Webhooks");
        group.MapGet("/", HandshakeAsync)
            .WithName("MetaAppWebhookHandshake").WithSummary("Answers Meta's verification of the app-level callback URL.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", DeliverAsync)
            .WithName("MetaAppWebhookDelivery").WithSummary("Receives an app-level Meta delivery and routes each account's share to its integration.")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    public static async Task<IResult> HandshakeAsync(HttpRequest request, WebhookRequestReader reader, ISecretStore secrets, CancellationToken ct)
    {
        var verifyToken = await secrets.GetSecretValueAsync(VerifyTokenName, cancellationToken: ct);
        if (verifyToken is null)
        {
            return NotConfigured();
        }

        Channels.Abstractions.WebhookRequest webhook;
        try
        {
            webhook = await reader.ReadAsync(request, ct);
        }
        catch (Exception ex) when (ex is BodyTooLargeException or BodyUnreadableException)
        {
            return WebhooksApi.Unreadable();
        }

        return WebhooksApi.ToHttpResult(MetaWebhookHandshake.Answer(webhook, verifyToken));
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
        var appSecret = await secrets.GetSecretValueAsync(AppSecretName, cancellationToken: ct);
        if (appSecret is null)
        {
            return NotConfigured();
        }

        var previousSecret = await secrets.GetSecretValueAsync(PreviousAppSecretName, cancellationToken: ct);
        return await AppLevelDeliveryRouter.AcceptAsync(request, reader,
            webhook => MetaSignatureVerifier.Verify(webhook, appSecret, previousSecret),
            body => MetaDeliverySplitter.Split(body),
            intake, state, integrations, loggers.CreateLogger("DaprChannels.Ingress.MetaWebhooks"), ct);
    }

    private static IResult NotConfigured() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "App-level Meta webhook not configured",
        detail: $"Provide the '{AppSecretName}' and '{VerifyTokenName}' secrets to use /webhooks/meta.");
}
