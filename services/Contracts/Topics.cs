namespace DaprChannels.Contracts;

/// <summary>Every pub/sub topic the services exchange. Each event record names its topic here.</summary>
public static class Topics
{
    public const string InboundRaw = "inbound.raw";
    public const string InboundMessage = "inbound.message";
    public const string InboundStatus = "inbound.status";
    public const string InboundLead = "inbound.lead";
    public const string OutboundMessage = "outbound.message";
    public const string OutboundResult = "outbound.result";
    public const string OutboundAction = "outbound.action";
    public const string IntegrationChanged = "integration.changed";

    public const string DeadLetterSuffix = ".dlq";

    public static string DeadLetterOf(string topic) => topic + DeadLetterSuffix;

    public static readonly IReadOnlyList<string> All =
    [
        InboundRaw, InboundMessage, InboundStatus, InboundLead, OutboundMessage, OutboundResult, OutboundAction, IntegrationChanged,
    ];
}
