namespace DaprChannels.Ingress;

/// <summary>The keys Ingress alone writes and reads.</summary>
public static class IngressStateKeys
{
    public static string DeliveryClaim(string integrationId, string deliveryId) => $"dedup:delivery:{integrationId}:{deliveryId}";

    /// <summary>The replies waiting for one widget visitor, filled from <c>widget.reply</c> and read by the visitor's stream.</summary>
    public static string WidgetMailbox(string integrationId, string visitorId) => $"outbound:widget:{integrationId}:{visitorId}";
}
