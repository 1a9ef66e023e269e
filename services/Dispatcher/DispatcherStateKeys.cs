namespace DaprChannels.Dispatcher;

/// <summary>The keys the Dispatcher alone writes and reads.</summary>
public static class DispatcherStateKeys
{
    public static string OutboundSend(string outboundId) => $"outbound:send:{outboundId}";

    public static string OutboundSendLock(string outboundId) => $"outbound:lock:{outboundId}";

    public static string OutboundStatus(string integrationId, string platformMessageId) => $"outbound:status:{integrationId}:{platformMessageId}";

    public static string OutboundRecent(string integrationId, string channelAddress) => $"outbound:recent:{integrationId}:{channelAddress}";

    /// <summary>When the contact of a conversation last wrote, as <c>inbound.message</c> told it: the customer-service window's start.</summary>
    public static string MessagingWindow(string conversationId) => $"outbound:window:{conversationId}";
}
