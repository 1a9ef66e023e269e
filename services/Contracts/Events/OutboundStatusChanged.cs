namespace DaprChannels.Contracts.Events;

/// <summary>
/// A sent message's delivery status moved forward (delivered, read, or failed after sending), as the Dispatcher
/// worked it out from the platform's reports. Published only when the status advances, with an id stable per
/// message and status, so a repeat is recognised.
/// </summary>
public sealed record OutboundStatusChanged(
    string Id,
    DateTimeOffset OccurredAt,
    string TenantId,
    string IntegrationId,
    string PlatformMessageId,
    DeliveryStatus Status,
    DateTimeOffset StatusAt,
    string? ErrorCode,
    string? ErrorMessage) : IIntegrationEvent
{
    public const string Topic = Topics.OutboundStatus;
}
