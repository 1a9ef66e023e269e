using DaprChannels.Channels.Abstractions;
using DaprChannels.Ingress.Webhooks;
using DaprChannels.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace DaprChannels.Ingress.Apis;

public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks").WithTags("Webhooks");
        group.MapGet("/{platform}/{integrationId}", HandshakeAsync)
            .WithName("WebhookHandshake")
            .WithSummary("Answers a platform's verification handshake for an integration's webhook URL.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{platform}/{integrationId}", DeliverAsync)
            .WithName("WebhookDelivery")
            .WithSummary("Receives a platform's webhook delivery: verified, deduplicated, published, then acknowledged.")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    public static async Task<IResult> HandshakeAsync(
        string platform,
        string integrationId,
        HttpRequest request,
        WebhookIntake intake,
        WebhookRequestReader reader,
        CancellationToken cancellationToken)
    {
        if (await intake.FindAsync(platform, integrationId, cancellationToken) is not var (integration, adapter))
        {
            return UnknownIntegration();
        }

        Channels.Abstractions.WebhookRequest webhook;
        try
        {
            webhook = await reader.ReadAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is BodyTooLargeException or BodyUnreadableException)
        {
            return Unreadable();
        }

        return ToHttpResult(adapter.Handshake(webhook, integration.Channel));
    }

    public static async Task<IResult> DeliverAsync(
        string platform,
        string integrationId,
        HttpRequest request,
        WebhookIntake intake,
        WebhookRequestReader reader,
        CancellationToken cancellationToken)
    {
        Channels.Abstractions.WebhookRequest webhook;
        try
        {
            webhook = await reader.ReadAsync(request, cancellationToken);
        }
        catch (BodyTooLargeException)
        {
            return TooLarge();
        }
        catch (BodyUnreadableException)
        {
            return Unreadable();
        }

        var result = await intake.AcceptAsync(platform, integrationId, webhook, request.ContentType ?? "application/octet-stream", null, cancellationToken);
        return ToHttpResult(result);
    }

    public static IResult ToHttpResult(WebhookHandshake handshake) => handshake.Body is null
        ? Results.StatusCode(handshake.StatusCode)
        : Results.Text(handshake.Body, handshake.ContentType, statusCode: handshake.StatusCode);

    public static IResult ToHttpResult(IntakeResult result) => result.Outcome switch
    {
        IntakeOutcome.Accepted or IntakeOutcome.Duplicate => TypedResults.Ok(),
        IntakeOutcome.UnknownIntegration => UnknownIntegration(),
        IntakeOutcome.Unauthorized => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized"),
        _ => Unavailable(),
    };

    public static ProblemHttpResult UnknownIntegration() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Unknown integration",
        detail: "No active integration of this platform has that id.");

    public static ProblemHttpResult Unreadable() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Unreadable body",
        detail: "The request body ended early or could not be read.");

    public static ProblemHttpResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Payload too large",
        detail: "The request body exceeds the webhook size limit.");

    /// <summary>The delivery was not stored, so the platform must send it again.</summary>
    private static IResult Unavailable() => new ServiceUnavailableResult("The delivery could not be stored; retry later.");
}
