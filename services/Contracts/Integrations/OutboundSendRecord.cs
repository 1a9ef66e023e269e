using DaprChannels.Contracts.Messages;

namespace DaprChannels.Contracts.Integrations;

/// <summary>What the Dispatcher recorded about one outbound id (key <c>outbound:send:{id}</c>).</summary>
public sealed record OutboundSendRecord(
    string OutboundId,
    string IntegrationId,
    DeliveryStatus Status,
    string? PlatformMessageId,
    string? ErrorCode,
    string? ErrorReason,
    DateTimeOffset UpdatedAt)
{
    public bool IsFinal => Status != DeliveryStatus.Pending;
}
