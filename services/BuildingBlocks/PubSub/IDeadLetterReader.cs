namespace DaprChannels.BuildingBlocks.PubSub;

/// <summary>An event a consumer gave up on (dropped, or out of delivery attempts), as recorded for operators.</summary>
public sealed record DeadLetter(
    long Sequence,
    string Topic,
    string Consumer,
    string EventId,
    string Type,
    string Reason,
    int Attempts,
    DateTimeOffset DeadLetteredAt,
    DateTimeOffset EventTime,
    byte[] Data,
    string? TraceParent,
    string? TraceState);

/// <summary>Events waiting for one subscription: <see cref="Pending"/> includes those being handled right now.</summary>
public sealed record QueueDepth(string Topic, string Consumer, long Pending);

/// <summary>What the admin API and <c>/readyz</c> show about undelivered events.</summary>
public interface IDeadLetterReader
{
    /// <summary>Dead letters, newest first; <paramref name="topic"/> narrows to the topic they failed on.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(int skip = 0, int take = 50, string? topic = null, CancellationToken cancellationToken = default);

    Task<long> CountAsync(string? topic = null, CancellationToken cancellationToken = default);

    /// <summary>Pending events per subscription; empty where the broker does not tell.</summary>
    Task<IReadOnlyList<QueueDepth>> GetQueueDepthsAsync(CancellationToken cancellationToken = default);
}
