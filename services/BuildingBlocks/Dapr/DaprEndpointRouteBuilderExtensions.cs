using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.BuildingBlocks.Triggers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>The app side of Dapr: what daprd calls on this app.</summary>
public static class DaprEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /dapr/subscribe</c>, one delivery route per subscribed topic (<see cref="Subscription.Route"/>)
    /// and one route per cron trigger (<see cref="TriggerRegistration.Route"/>). When an app API token is
    /// configured every one of them requires it in <c>dapr-api-token</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapDaprEndpoints(this IEndpointRouteBuilder app)
    {
        var settings = app.ServiceProvider.GetService<DaprSidecarSettings>()
                       ?? throw new InvalidOperationException("MapDaprEndpoints needs AddDaprBuildingBlocks to have been called.");
        var tokenFilter = new DaprAppTokenFilter(settings.AppApiToken);
        var subscriptions = app.ServiceProvider.GetServices<Subscription>().ToList();
        var triggers = app.ServiceProvider.GetServices<TriggerRegistration>().ToList();

        app.MapGet("/dapr/subscribe", () => Results.Json(DaprSubscriptionEndpoints.Describe(subscriptions, settings.PubSubName)))
            .AddEndpointFilter(tokenFilter)
            .WithName("DaprSubscribe")
            .WithSummary("Topics this app subscribes to, read by the Dapr sidecar at start-up.")
            .ExcludeFromDescription();

        // Subscriptions to one topic share its route: two services hosted together each get the event.
        foreach (var group in subscriptions.GroupBy(s => s.Route, StringComparer.Ordinal))
        {
            var handlers = group.ToList();
            // Cast to Delegate: a RequestDelegate-shaped lambda would skip endpoint filters and discard the result.
            app.MapPost(group.Key, (Delegate)((HttpContext context) => DaprSubscriptionEndpoints.DeliverAsync(context, handlers)))
                .AddEndpointFilter(tokenFilter)
                .WithName("DaprDeliver:" + handlers[0].Topic)
                .WithSummary($"CloudEvent delivery of '{handlers[0].Topic}' from the Dapr sidecar.")
                .ExcludeFromDescription();
        }

        foreach (var trigger in triggers)
        {
            // daprd probes an input binding's route with OPTIONS at start-up; 2xx means "subscribed".
            app.MapMethods(trigger.Route, [HttpMethods.Post, HttpMethods.Options],
                    (Delegate)((HttpContext context) => RunTriggerAsync(context, trigger)))
                .AddEndpointFilter(tokenFilter)
                .WithName("DaprTrigger:" + trigger.Name)
                .WithSummary($"Cron input binding '{trigger.Name}' fired by the Dapr sidecar.")
                .ExcludeFromDescription();
        }

        return app;
    }

    private static async Task<IResult> RunTriggerAsync(HttpContext context, TriggerRegistration registration)
    {
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            return Results.Ok();
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DaprChannels.Triggers");
        try
        {
            await using var scope = context.RequestServices.CreateAsyncScope();
            var trigger = (ITrigger)scope.ServiceProvider.GetRequiredService(registration.TriggerType);
            await trigger.RunAsync(context.RequestAborted);
            // Exactly 200: with an inbound retry policy daprd retries any other status, 204 included.
            return Results.Ok();
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(ex, "Trigger {Trigger} failed", registration.Name);
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }
    }
}
