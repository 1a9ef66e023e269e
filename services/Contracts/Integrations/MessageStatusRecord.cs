namespace DaprChannels.Contracts.Integrations;

/// <summary>The newest known status of a sent message (key <c>outbound:status:{integration}:{platformMessageId}</c>).</summary>
public sealed record MessageStatusRecord(
    string PlatformMessageId,
    DeliveryStatus Status,
    DateTimeOffset Timestamp,
    string? ErrorCode,
    string? ErrorMessage)
{
    /// <summary>Statuses only move forward (sent, delivered, read); a failure is final and keeps its code.</summary>
    public MessageStatusRecord Advance(MessageStatusRecord next) =>
        Status == DeliveryStatus.Failed || next.Status < Status || (next.Status == Status && next.Timestamp <= Timestamp)
            ? this
            : next;

    /// <summary>
    /// What to store when <paramref name="next"/> is reported over <paramref name="current"/>: the report itself when
    /// nothing is on record, the advanced status when it moves forward, null when it does not (nothing to write).
    /// </summary>
    public static MessageStatusRecord? Advancing(MessageStatusRecord? current, MessageStatusRecord next)
    {
        if (current is null)
        {
            return next;
        }

        var advanced = current.Advance(next);
        return ReferenceEquals(advanced, current) ? null : advanced;
    }
}
