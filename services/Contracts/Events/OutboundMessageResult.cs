using DaprChannels.Contracts.Messages;

namespace DaprChannels.Contracts.Events;

public enum SendOutcomeKind
{
    Sent,
    Failed,
}

/// <summary>What became of an outbound message: sent (with the platform's id) or failed (with why).</summary>
/// <param name="Degradations">What the channel could not render natively and sent in a simpler form.</param>
public sealed record OutboundMessageResult(
    string Id,
    DateTimeOffset OccurredAt,
    string OutboundId,
    string TenantId,
    string IntegrationId,
    string Platform,
    string ConversationId,
    SendOutcomeKind Outcome,
    DeliveryStatus Status,
    string? PlatformMessageId,
    string? ErrorCode,
    string? ErrorReason,
    int Attempts,
    IReadOnlyList<string> Degradations) : IIntegrationEvent
{
    public const string Topic = Topics.OutboundResult;
}
