namespace DaprChannels.IntegrationAdmin.DeadLetters;

/// <summary>A dead letter as recorded from a dead-letter topic under Dapr (<c>dead-letter:{deadLetterTopic}:{eventId}</c>).</summary>
/// <param name="Topic">The topic the event failed on.</param>
/// <param name="AppId">The app that gave up on it.</param>
/// <param name="Data">The event's data as it was delivered.</param>
public sealed record StoredDeadLetter(
    long Sequence,
    string DeadLetterTopic,
    string Topic,
    string AppId,
    string EventId,
    string Type,
    string Reason,
    DateTimeOffset DeadLetteredAt,
    DateTimeOffset EventTime,
    byte[] Data,
    string? TraceParent,
    string? TraceState);

/// <summary>One line of <c>dead-letter-index:{deadLetterTopic}</c>.</summary>
public sealed record DeadLetterIndexEntry(string EventId, long Sequence, DateTimeOffset DeadLetteredAt);

/// <summary>The value of <c>dead-letter-sequence</c>.</summary>
public sealed record DeadLetterSequence(long Last);
