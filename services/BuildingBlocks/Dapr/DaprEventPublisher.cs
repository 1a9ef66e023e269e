using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.Contracts.Events;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>Publishes through the sidecar's pub/sub component; returns once the broker has accepted the events.</summary>
public sealed class DaprEventPublisher(DaprSidecarClient client) : IEventPublisher
{
    public Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent =>
        client.PublishAsync(client.Settings.PubSubName, EventEnvelope.Create(topic, @event), cancellationToken);

    public Task PublishManyAsync<TEvent>(string topic, IReadOnlyList<TEvent> events, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent =>
        events.Count switch
        {
            0 => Task.CompletedTask,
            1 => PublishAsync(topic, events[0], cancellationToken),
            _ => client.PublishBulkAsync(client.Settings.PubSubName, topic, events.Select(e => EventEnvelope.Create(topic, e)).ToList(), cancellationToken),
        };
}
