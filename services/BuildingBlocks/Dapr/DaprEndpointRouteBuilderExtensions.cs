using DaprChannels.BuildingBlocks.Triggers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TopicOptions = global::Dapr.TopicOptions;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>The app side of Dapr: what daprd calls on this app, described with Dapr.AspNetCore.</summary>
public static class DaprEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /dapr/subscribe</c> (Dapr.AspNetCore's <c>MapSubscribeHandler</c>), one delivery route per
    /// subscribed topic (<see cref="Subscription.Route"/>, declared to it with <c>WithTopic</c> and the topic's
    /// dead-letter topic) and one route per cron trigger (<see cref="TriggerRegistration.Route"/>). When an app
    /// API token is configured every one of them requires it (<see cref="DaprAppToken"/>).
    /// </summary>
    /// <remarks>
    /// No <c>UseCloudEvents()</c>: the delivery routes read the envelope themselves, so that a body no
    /// middleware could unwrap is still answered <c>DROP</c> rather than 400 (which daprd retries forever).
    /// </remarks>
    public static IEndpointRouteBuilder MapDaprEndpoints(this IEndpointRouteBuilder app)
    {
        var settings = app.ServiceProvider.GetService<DaprSidecarSettings>()
                       ?? throw new InvalidOperationException("MapDaprEndpoints needs AddDaprBuildingBlocks to have been called.");
        var subscriptions = app.ServiceProvider.GetServices<Subscription>().ToList();
        var triggers = app.ServiceProvider.GetServices<TriggerRegistration>().ToList();

        app.MapSubscribeHandler()
            .RequireDaprAppToken(settings)
            .WithName("DaprSubscribe")
            .WithSummary("Topics this app subscribes to, read by the Dapr sidecar at start-up.")
            .ExcludeFromDescription();

        // daprd keeps one subscription per topic and app: subscriptions to one topic (two services hosted
        // together) share its route and its dead-letter topic, and each of them gets the event.
        foreach (var group in subscriptions.GroupBy(s => s.Topic, StringComparer.Ordinal))
        {
            var handlers = group.ToList();
            var topic = new TopicOptions
            {
                PubsubName = settings.PubSubName,
                Name = group.Key,
                DeadLetterTopic = handlers.Select(h => h.DeadLetterTopic).FirstOrDefault(t => t is not null),
            };

            // Cast to Delegate: a RequestDelegate-shaped lambda would skip endpoint filters and discard the result.
            app.MapPost(handlers[0].Route, (Delegate)((HttpContext context) => DaprSubscriptionEndpoints.DeliverAsync(context, handlers)))
                .WithTopic(topic)
                .RequireDaprAppToken(settings)
                .WithName("DaprDeliver:" + group.Key)
                .WithSummary($"CloudEvent delivery of '{group.Key}' from the Dapr sidecar.")
                .ExcludeFromDescription();
        }

        foreach (var trigger in triggers)
        {
            // daprd probes an input binding's route with OPTIONS at start-up; 2xx means "subscribed".
            app.MapMethods(trigger.Route, [HttpMethods.Post, HttpMethods.Options],
                    (Delegate)((HttpContext context) => RunTriggerAsync(context, trigger)))
                .RequireDaprAppToken(settings)
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
