using DaprChannels.ServiceDefaults.Errors;
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
            .ProducesHandshakeResponses();
        group.MapPost("/{platform}/{integrationId}", DeliverAsync)
            .WithName("WebhookDelivery")
            .WithSummary("Receives a platform's webhook delivery: verified, deduplicated, published, then acknowledged.")
            .ProducesDeliveryResponses();
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

        // A handshake has no body worth the name: one too large is as unreadable as one cut short.
        var (webhook, problem) = await ReadAsync(reader, request, cancellationToken);
        return webhook is null || problem is not null ? Unreadable() : ToHttpResult(adapter.Handshake(webhook, integration.Channel));
    }

    public static async Task<IResult> DeliverAsync(
        string platform,
        string integrationId,
        HttpRequest request,
        WebhookIntake intake,
        WebhookRequestReader reader,
        CancellationToken cancellationToken)
    {
        var (webhook, problem) = await ReadAsync(reader, request, cancellationToken);
        if (webhook is null || problem is not null)
        {
            return problem ?? Unreadable();
        }

        var result = await intake.AcceptAsync(platform, integrationId, webhook, request.ContentType ?? "application/octet-stream", null, cancellationToken);
        return ToHttpResult(result);
    }

    /// <summary>The request as received, or the problem to answer when its body is too large or ends early.</summary>
    public static async Task<(Channels.Abstractions.WebhookRequest? Webhook, ProblemHttpResult? Problem)> ReadAsync(
        WebhookRequestReader reader, HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return (await reader.ReadAsync(request, cancellationToken), null);
        }
        catch (BodyTooLargeException)
        {
            return (null, TooLarge());
        }
        catch (BodyUnreadableException)
        {
            return (null, Unreadable());
        }
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
