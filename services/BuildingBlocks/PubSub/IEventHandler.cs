using DaprChannels.Contracts.Events;

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

public sealed class PoisonEventException(string reason) : Exception(reason);
