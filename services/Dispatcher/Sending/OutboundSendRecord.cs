using DaprChannels.Contracts.Messages;

namespace DaprChannels.Dispatcher.Sending;

/// <summary>What the Dispatcher recorded about one outbound id (key <c>outbound:send:{id}</c>).</summary>
/// <param name="Degradations">What was sent in another form than asked (as text, as a template outside the window).</param>
public sealed record OutboundSendRecord(
    string OutboundId,
    string IntegrationId,
    DeliveryStatus Status,
    string? PlatformMessageId,
    string? ErrorCode,
    string? ErrorReason,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string>? Degradations = null)
{
    public bool IsFinal => Status != DeliveryStatus.Pending;
}

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
}
