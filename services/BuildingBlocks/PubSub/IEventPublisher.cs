namespace DaprChannels.BuildingBlocks.PubSub;

/// <summary>
/// Publishes events. A call that returns has made the events durable (the broker or the SQLite file
/// holds them); one that cannot throws <see cref="PublishFailedException"/>.
/// </summary>
public interface IEventPublisher
{
    Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent;

    Task PublishManyAsync<TEvent>(string topic, IReadOnlyList<TEvent> events, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent;
}

public sealed class PublishFailedException(string message, Exception? inner = null) : Exception(message, inner);
