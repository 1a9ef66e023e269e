namespace DaprChannels.Contracts.Integrations;

/// <summary>
/// The messages API's view of one outbound message (key <c>api-message:{id}</c>, IntegrationAdmin's own): accepted by
/// the send endpoint, then what became of it as <c>outbound.result</c> reported it. <see cref="Status"/> is null
/// while the message is queued.
/// </summary>
public sealed record ApiMessageRecord(
    string Id,
    string TenantId,
    string IntegrationId,
    string ChannelAddress,
    DateTimeOffset AcceptedAt,
    DeliveryStatus? Status = null,
    string? PlatformMessageId = null,
    string? ErrorCode = null,
    string? ErrorReason = null,
    DateTimeOffset? UpdatedAt = null);
