namespace DaprChannels.Contracts.Events;

public enum SendOutcomeKind
{
    Sent,
    Failed,
}

/// <summary>What became of an outbound message: sent (with the platform's id) or failed (with why).</summary>
/// <param name="Degradations">What the channel could not render natively and sent in a simpler form.</param>
/// <param name="ChannelAddress">The contact's platform address; null on events published before this field existed.</param>
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
    IReadOnlyList<string> Degradations,
    string? ChannelAddress = null) : IIntegrationEvent
{
    public const string Topic = Topics.OutboundResult;
}
