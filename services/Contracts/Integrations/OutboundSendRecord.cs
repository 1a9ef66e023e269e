namespace DaprChannels.Contracts.Integrations;

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
