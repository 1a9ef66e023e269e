namespace DaprChannels.IntegrationAdmin.DeadLetters;

/// <summary>
/// Under Dapr, takes each dead letter off the dead-letter topic it arrived on and records it for the
/// operator. Subscribed without a dead-letter topic of its own: what cannot be recorded now (the state
/// store is down) is answered RETRY and redelivered by the broker until it can be.
/// </summary>
public sealed class DeadLetterRecorder(DeadLetterStore store, DeadLetterSources sources, ILogger<DeadLetterRecorder> logger) : IRawEventHandler
{
    public async Task<HandlerResult> HandleAsync(ReadOnlyMemory<byte> data, EventContext context, CancellationToken cancellationToken)
    {
        if (sources.Find(context.Topic) is not { } source)
        {
            // Only subscribed to known dead-letter topics, so this is a delivery meant for another route.
            logger.LogWarning("Ignoring event {EventId}: {Topic} is not a dead-letter topic recorded here", context.EventId, context.Topic);
            return HandlerResult.Drop;
        }

        await store.RecordAsync(source, data, context, cancellationToken);
        logger.LogWarning("Dead letter recorded: event {EventId} of {Topic}, given up by {AppId}", context.EventId, source.Topic, source.AppId);
        return HandlerResult.Success;
    }
}
