using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.Ingress.Apis;

/// <summary>
/// The app-level webhooks (<c>/webhooks/meta</c>, <c>/webhooks/360dialog</c>): one pair of routes for each one a
/// channel family declares, all served by <see cref="AppLevelWebhookIntake"/>.
/// </summary>
public static class AppLevelWebhooksApi
{
    public static IEndpointRouteBuilder MapAppLevelWebhooksApi(this IEndpointRouteBuilder app)
    {
        foreach (var webhook in app.ServiceProvider.GetServices<IAppLevelWebhook>())
        {
            var group = app.MapGroup($"/webhooks/{webhook.Route}").WithTags("Webhooks");
            if (webhook.HasHandshake)
            {
                group.MapGet("/", (HttpRequest request, AppLevelWebhookIntake intake, CancellationToken ct) => intake.HandshakeAsync(webhook, request, ct))
                    .WithName($"{webhook.Name}AppWebhookHandshake")
                    .WithSummary($"Answers {webhook.DisplayName}'s verification of the app-level callback URL.")
                    .ProducesHandshakeResponses();
            }

            group.MapPost("/", (HttpRequest request, AppLevelWebhookIntake intake, CancellationToken ct) => intake.DeliverAsync(webhook, request, ct))
                .WithName($"{webhook.Name}AppWebhookDelivery")
                .WithSummary($"Receives an app-level {webhook.DisplayName} delivery and routes each {webhook.AccountNoun}'s share to its integration.")
                .ProducesDeliveryResponses();
        }

        return app;
    }
}
