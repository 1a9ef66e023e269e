namespace DaprChannels.IntegrationAdmin.DeadLetters;

/// <summary>
/// The only writer of <c>dead-letter:*</c>, <c>dead-letter-index:*</c> and <c>dead-letter-sequence</c>: under
/// Dapr, the dead letters <see cref="DeadLetterRecorder"/> takes off every app's dead-letter topic, read back
/// for the operator as the embedded queue's are. Bounded: each is kept for
/// <see cref="DeadLetterOptions.Retention"/>, and each dead-letter topic's index lists its newest
/// <see cref="DeadLetterOptions.MaxPerTopic"/>.
/// </summary>
public sealed class DeadLetterStore(IStateStore state, DeadLetterSources sources, IOptions<DeadLetterOptions> options, TimeProvider clock)
    : IDeadLetterReader
{
    private DeadLetterOptions Options => options.Value;

    /// <summary>
    /// Records one dead letter. A redelivery of the same event on the same dead-letter topic finds it
    /// recorded and only makes sure it is indexed, so a crash between the two steps loses nothing.
    /// </summary>
    public async Task RecordAsync(TopicSubscriber source, ReadOnlyMemory<byte> data, EventContext context, CancellationToken cancellationToken)
    {
        var key = IntegrationAdminStateKeys.DeadLetter(source.DeadLetterTopic, context.EventId);
        var record = (await state.GetAsync<StoredDeadLetter>(key, cancellationToken))?.Value;
        if (record is null)
        {
            var sequence = await state.UpdateAsync<DeadLetterSequence>(
                IntegrationAdminStateKeys.DeadLetterSequence, last => new DeadLetterSequence((last?.Last ?? 0) + 1), cancellationToken: cancellationToken);
            var now = clock.GetUtcNow();
            var candidate = new StoredDeadLetter(
                sequence!.Last,
                source.DeadLetterTopic,
                source.Topic,
                source.AppId,
                context.EventId,
                context.Type ?? "",
                $"Moved to {source.DeadLetterTopic} by the Dapr sidecar: dropped by {source.AppId} or out of delivery attempts. "
                + $"Dapr keeps no reason; {source.AppId} logged it with event id {context.EventId}.",
                now,
                context.Time ?? now,
                data.ToArray(),
                context.TraceParent,
                context.TraceState);
            record = await state.TryClaimAsync(key, candidate, Options.Retention, cancellationToken)
                ? candidate
                : (await state.GetAsync<StoredDeadLetter>(key, cancellationToken))?.Value ?? candidate;
        }

        var entry = new DeadLetterIndexEntry(record.EventId, record.Sequence, record.DeadLetteredAt);
        var oldest = clock.GetUtcNow() - Options.Retention;
        await state.UpdateAsync<List<DeadLetterIndexEntry>>(IntegrationAdminStateKeys.DeadLetterIndex(source.DeadLetterTopic), index =>
        {
            if (index?.Any(e => e.EventId == entry.EventId) == true)
            {
                return null;
            }

            return [.. new[] { entry }
                .Concat(index ?? [])
                .Where(e => e.DeadLetteredAt > oldest)
                .OrderByDescending(e => e.Sequence)
                .Take(Math.Max(1, Options.MaxPerTopic))];
        }, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int skip = 0, int take = 50, string? topic = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        var page = (await IndexedAsync(topic, cancellationToken)).Skip(skip).Take(take)
            .Select(e => IntegrationAdminStateKeys.DeadLetter(e.DeadLetterTopic, e.Entry.EventId))
            .ToList();
        var found = await state.GetManyAsync<StoredDeadLetter>(page, cancellationToken);
        return found.Select(i => i.Value)
            .OrderByDescending(d => d.Sequence)
            .Select(d => new DeadLetter(d.Sequence, d.Topic, d.AppId, d.EventId, d.Type, d.Reason, Attempts: 0,
                d.DeadLetteredAt, d.EventTime, d.Data, d.TraceParent, d.TraceState))
            .ToList();
    }

    public async Task<long> CountAsync(string? topic = null, CancellationToken cancellationToken = default) =>
        (await IndexedAsync(topic, cancellationToken)).Count;

    /// <summary>The broker holds what waits for delivery, and Dapr has no call that tells.</summary>
    public Task<IReadOnlyList<QueueDepth>> GetQueueDepthsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<QueueDepth>>([]);

    /// <summary>Index entries still within the retention, newest first, of every dead-letter topic of <paramref name="topic"/> (all when null).</summary>
    private async Task<IReadOnlyList<(string DeadLetterTopic, DeadLetterIndexEntry Entry)>> IndexedAsync(string? topic, CancellationToken cancellationToken)
    {
        var topicsByKey = sources.All
            .Where(s => topic is null || s.Topic == topic)
            .ToDictionary(s => IntegrationAdminStateKeys.DeadLetterIndex(s.DeadLetterTopic), s => s.DeadLetterTopic, StringComparer.Ordinal);
        var indexes = await state.GetManyAsync<List<DeadLetterIndexEntry>>([.. topicsByKey.Keys], cancellationToken);
        var oldest = clock.GetUtcNow() - Options.Retention;
        return indexes
            .SelectMany(i => i.Value.Select(e => (DeadLetterTopic: topicsByKey[i.Key], Entry: e)))
            .Where(e => e.Entry.DeadLetteredAt > oldest)
            .OrderByDescending(e => e.Entry.Sequence)
            .ToList();
    }
}
