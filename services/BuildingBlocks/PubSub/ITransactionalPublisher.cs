using DaprChannels.BuildingBlocks.State;
using DaprChannels.Contracts.Events;

namespace DaprChannels.BuildingBlocks.PubSub;

/// <summary>
/// Publishes an event and applies state operations in one durable step, all or nothing (the
/// embedded store does both in one SQLite transaction). Optional: a caller whose publisher lacks it
/// publishes first and writes the state after, which is safe but costs a second round trip.
/// </summary>
public interface ITransactionalPublisher
{
    Task PublishWithStateAsync<TEvent>(string topic, TEvent @event, IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent;
}
