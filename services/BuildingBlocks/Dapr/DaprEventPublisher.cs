using Dapr.Client;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// Publishes through the sidecar's pub/sub component (gRPC <c>PublishEvent</c> / <c>BulkPublishEvent</c>);
/// returns once the broker has accepted the events. Each event travels as a <see cref="DaprCloudEvent"/> whose id
/// is the event id.
/// </summary>
public sealed class DaprEventPublisher(DaprClient client, DaprCalls calls) : IEventPublisher
{
    private DaprSidecarSettings Settings => calls.Settings;

    public Task PublishAsync<TEvent>(string topic, TEvent @event, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent =>
        PublishOneAsync(DaprCloudEvent.Create(EventEnvelope.Create(topic, @event), Settings.AppId), cancellationToken);

    /// <summary>
    /// One bulk call; entries the sidecar lists as failed are published again one by one, and only if one
    /// still fails does the call throw <see cref="PublishFailedException"/>.
    /// </summary>
    public async Task PublishManyAsync<TEvent>(string topic, IReadOnlyList<TEvent> events, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent
    {
        switch (events.Count)
        {
            case 0:
                return;
            case 1:
                await PublishAsync(topic, events[0], cancellationToken);
                return;
        }

        var cloudEvents = events.Select(e => DaprCloudEvent.Create(EventEnvelope.Create(topic, e), Settings.AppId)).ToList();
        var response = await calls.RunAsync(
            token => client.BulkPublishEventAsync(Settings.PubSubName, topic, cloudEvents, cancellationToken: token),
            (error, ex) => new PublishFailedException($"Bulk publishing {cloudEvents.Count} events to '{topic}' failed: {error}.", ex),
            cancellationToken);

        var stillFailing = 0;
        foreach (var failed in response.FailedEntries)
        {
            try
            {
                await PublishOneAsync(failed.Entry.EventData, cancellationToken);
            }
            catch (PublishFailedException)
            {
                stillFailing++;
            }
        }

        if (stillFailing > 0)
        {
            throw new PublishFailedException($"Bulk publishing to '{topic}': {stillFailing} of {cloudEvents.Count} events could not be published.");
        }
    }

    private Task PublishOneAsync(DaprCloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var topic = cloudEvent.Envelope.Topic;
        return calls.RunAsync(
            token => client.PublishByteEventAsync(Settings.PubSubName, topic, cloudEvent.Json, DaprCloudEvent.ContentType, cancellationToken: token),
            (error, ex) => new PublishFailedException($"Publishing to '{topic}' failed: {error}.", ex),
            cancellationToken);
    }
}
