namespace DaprChannels.BuildingBlocks.PubSub;

/// <summary>
/// Handles one event type. Called the same way by the Dapr delivery route and the embedded queue.
/// Throwing counts as <see cref="HandlerResult.Retry"/>; throw <see cref="PoisonEventException"/> to drop.
/// </summary>
public interface IEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task<HandlerResult> HandleAsync(TEvent @event, EventContext context, CancellationToken cancellationToken);
}

/// <summary>
/// The event can never be handled: drop it. <paramref name="reason"/> is recorded with the dead letter
/// and shown to the operator, so it says what was wrong without quoting data or credentials;
/// <paramref name="cause"/>, when given, names the kind of failure (its type is recorded, its message is not).
/// </summary>
public sealed class PoisonEventException(string reason, Exception? cause = null) : Exception(reason, cause);
