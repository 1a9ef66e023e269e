using DaprChannels.BuildingBlocks.State;

namespace DaprChannels.BuildingBlocks.PubSub;

/// <summary>
/// Publishes an event and applies state operations in one durable step, all or nothing (the
/// embedded store does both in one SQLite transaction). Handlers do not call it themselves: they call
/// <see cref="RecordedPublisher"/>, which uses it where the publisher has it and otherwise publishes first
/// and writes the state after.
/// </summary>
public interface ITransactionalPublisher
{
    Task PublishWithStateAsync<TEvent>(string topic, TEvent @event, IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent;
}
