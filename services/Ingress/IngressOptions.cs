namespace DaprChannels.Ingress;

/// <summary>Bound from the <c>Ingress</c> configuration section.</summary>
public sealed class IngressOptions
{
    public const string Section = "Ingress";

    /// <summary>Largest webhook body accepted; larger ones get 413 and are not published.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a delivery id is remembered to drop redeliveries (WhatsApp retries for 7 days).</summary>
    public TimeSpan DeliveryDedupWindow { get; set; } = TimeSpan.FromDays(8);

    /// <summary>How often an open widget stream looks for new replies in the state store.</summary>
    public TimeSpan WidgetPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A comment line sent on idle widget streams so proxies keep them open.</summary>
    public TimeSpan WidgetHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many replies a widget visitor's mailbox keeps.</summary>
    public int WidgetMailboxSize { get; set; } = 50;

    public TimeSpan WidgetMailboxRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>When set, <c>GET /</c> serves a demo page chatting with this widget integration.</summary>
    public string? DemoIntegrationId { get; set; }
}
