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
    public const string ConversationMode = "conversation.mode";
    public const string OutboundStatus = "outbound.status";
    public const string WidgetReply = "widget.reply";

    public const string DeadLetterSuffix = ".dlq";

    /// <summary>
    /// Where <paramref name="appId"/> moves the events of <paramref name="topic"/> it gives up on. One per
    /// subscribing app: five services subscribe to <c>integration.changed</c>, and each dead letter says by
    /// its topic whose it is (on one shared topic every subscriber of it would get every app's dead letters).
    /// </summary>
    public static string DeadLetterOf(string topic, string appId) => $"{topic}.{appId}{DeadLetterSuffix}";

    public static readonly IReadOnlyList<string> All =
    [
        InboundRaw, InboundMessage, InboundStatus, InboundLead, OutboundMessage, OutboundResult, OutboundAction, IntegrationChanged,
        ConversationMode, OutboundStatus, WidgetReply,
    ];
}
