using DaprChannels.BuildingBlocks.State;

namespace DaprChannels.BuildingBlocks.PubSub;

/// <summary>
/// Publishes an event together with the record that says it was published (a claim, a conversation, a send
/// record): the one place that decides the order of the two, for every service and both modes.
/// </summary>
/// <remarks>
/// Embedded, the event and the record are written in one SQLite transaction (<see cref="ITransactionalPublisher"/>):
/// both or neither. Under Dapr they cannot be: the event is published first, then the record is written in one
/// state transaction. A crash (or a failed write) between the two leaves the event published and the record
/// missing, so the redelivery that follows does the work again and publishes the same event again, under the
/// same stable id; every consumer drops an id it has handled. An event is never lost for want of a record, and
/// the price is a repeat that downstream deduplication absorbs. The other order would risk the opposite: a
/// record claiming an event that was never published, which no redelivery repairs.
/// </remarks>
public sealed class RecordedPublisher(IEventPublisher publisher, IStateStore state)
{
    /// <summary>
    /// Publishes <paramref name="event"/> and applies <paramref name="record"/> (the app's own state). Throws
    /// <see cref="PublishFailedException"/> when nothing was published; a failure of the record afterwards
    /// (<see cref="StateStoreException"/>, <see cref="StateConcurrencyException"/>) throws
    /// <see cref="RecordNotWrittenException"/> under Dapr, where the event went out already, and the store's
    /// own exception embedded, where nothing did.
    /// </summary>
    public async Task PublishAsync<TEvent>(string topic, TEvent @event, IReadOnlyList<StateOperation> record, CancellationToken cancellationToken = default)
        where TEvent : IIntegrationEvent
    {
        if (publisher is ITransactionalPublisher transactional)
        {
            await transactional.PublishWithStateAsync(topic, @event, record, cancellationToken);
            return;
        }

        await publisher.PublishAsync(topic, @event, cancellationToken);
        if (record.Count == 0)
        {
            return;
        }

        try
        {
            await state.TransactAsync(record, cancellationToken);
        }
        catch (Exception ex) when (ex is StateStoreException or StateConcurrencyException)
        {
            throw new RecordNotWrittenException(@event.Id, ex);
        }
    }
}

/// <summary>The event was published but its record was not written; a redelivery publishes it again under the same id.</summary>
public sealed class RecordNotWrittenException(string eventId, Exception inner)
    : Exception($"Event {eventId} was published but its record was not written.", inner);
