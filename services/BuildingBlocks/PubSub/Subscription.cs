using System.Diagnostics;
using DaprChannels.Contracts;

namespace DaprChannels.BuildingBlocks.PubSub;

/// <summary>
/// One subscription, declared once: it feeds <c>GET /dapr/subscribe</c>, the Dapr delivery route and
/// the embedded queue's consumer alike.
/// </summary>
public sealed class Subscription
{
    private readonly Func<IServiceProvider, ReadOnlyMemory<byte>, EventContext, CancellationToken, Task<HandlerResult>> _invoke;

    private Subscription(
        string topic,
        string consumer,
        string? deadLetterTopic,
        Type eventType,
        Type handlerType,
        IReadOnlySet<string>? subjects,
        Func<IServiceProvider, ReadOnlyMemory<byte>, EventContext, CancellationToken, Task<HandlerResult>> invoke)
    {
        Topic = topic;
        Subjects = subjects;
        Consumer = consumer;
        DeadLetterTopic = deadLetterTopic;
        EventType = eventType;
        HandlerType = handlerType;
        _invoke = invoke;
    }

    public string Topic { get; }

    /// <summary>The logical consumer (service) name; replicas of one consumer compete for events.</summary>
    public string Consumer { get; }

    /// <summary>The event type the handler reads; <see cref="ReadOnlyMemory{T}"/> of bytes for a raw handler.</summary>
    public Type EventType { get; }

    public Type HandlerType { get; }

    /// <summary>
    /// Where an event the handler drops or cannot take goes (<see cref="Topics.DeadLetterOf"/> with the
    /// subscribing app's id); null for a subscriber that must never lose an event to one.
    /// </summary>
    public string? DeadLetterTopic { get; }

    /// <summary>
    /// The event subjects (<see cref="IIntegrationEvent.Subject"/>) the handler acts on; null for all. The embedded
    /// queue stores no event of another subject for this subscription. Under Dapr every event is delivered (a routing
    /// rule that matched none would send the rest to the dead letters), so the handler still passes over the others.
    /// </summary>
    public IReadOnlySet<string>? Subjects { get; }

    /// <summary>The app route daprd posts deliveries to.</summary>
    public string Route => "/events/" + Topic;

    public static Subscription For<TEvent, THandler>(string topic, string consumer, string? deadLetterTopic, IReadOnlySet<string>? subjects = null)
        where TEvent : IIntegrationEvent
        where THandler : IEventHandler<TEvent>
        => new(topic, consumer, deadLetterTopic, typeof(TEvent), typeof(THandler), subjects, static async (services, data, context, ct) =>
        {
            TEvent? @event;
            try
            {
                @event = JsonSerializer.Deserialize<TEvent>(data.Span, EventJson.Options);
            }
            catch (JsonException ex)
            {
                // The path, not the message: a message may quote the data.
                throw new PoisonEventException($"The event data is not a {typeof(TEvent).Name} (at {ex.Path ?? "$"}).", ex);
            }

            if (@event is null)
            {
                throw new PoisonEventException($"The event data is null, not a {typeof(TEvent).Name}.");
            }

            await using var scope = services.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            return await handler.HandleAsync(@event, context, ct);
        });

    /// <summary>A subscription whose handler takes the delivered bytes as they are.</summary>
    public static Subscription ForRaw<THandler>(string topic, string consumer, string? deadLetterTopic)
        where THandler : IRawEventHandler
        => new(topic, consumer, deadLetterTopic, typeof(ReadOnlyMemory<byte>), typeof(THandler), subjects: null, static async (services, data, context, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<THandler>().HandleAsync(data, context, ct);
        });

    /// <summary>
    /// Runs the handler for one delivery inside an activity continuing the publisher's trace. Never
    /// throws for the event's sake: malformed data drops, a handler exception retries. A drop comes
    /// with its reason, which is logged here and recorded with the dead letter where the building
    /// blocks keep them.
    /// </summary>
    public async Task<HandlerOutcome> InvokeAsync(
        IServiceProvider services,
        ReadOnlyMemory<byte> data,
        EventContext context,
        CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(context.TraceParent, context.TraceState, out var parent);
        using var activity = PubSubTelemetry.Source.StartActivity(
            $"{Topic} process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.destination.name", Topic);
        activity?.SetTag("messaging.message.id", context.EventId);
        activity?.SetTag("messaging.consumer.group.name", Consumer);
        HandlerOutcome outcome;
        try
        {
            var result = await _invoke(services, data, context, cancellationToken);
            outcome = result == HandlerResult.Drop ? HandlerOutcome.Drop($"Dropped by {HandlerType.Name}.") : result;
        }
        catch (PoisonEventException ex)
        {
            outcome = HandlerOutcome.Drop(ex);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log(services).LogWarning(ex, "Handler {Handler} failed on event {EventId} (attempt {Attempt}); will retry",
                HandlerType.Name, context.EventId, context.Attempt);
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            // The type only: a message may carry a URL with a credential in it (Telegram's bot token).
            return new HandlerOutcome(HandlerResult.Retry, ex.GetType().Name);
        }

        activity?.SetTag("daprchannels.handler.result", outcome.Result.ToString());
        if (outcome.Result == HandlerResult.Drop)
        {
            Log(services).LogWarning("Dropping event {EventId} on {Topic} for {Consumer}: {Reason}", context.EventId, Topic, Consumer, outcome.Reason);
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Reason);
        }

        return outcome;
    }

    private static ILogger Log(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger("DaprChannels.PubSub");
}

public static class PubSubTelemetry
{
    public const string SourceName = "DaprChannels.PubSub";

    public static readonly ActivitySource Source = new(SourceName);
}
