using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Widget;

/// <summary>
/// Where widget replies go, since the widget has no platform API: the host keeps them where the
/// visitor's page picks them up. Registered by the host (the Dispatcher), not by Channels.
/// </summary>
public interface IWidgetReplySink
{
    /// <summary>Stores a reply for the visitor; idempotent per <paramref name="outboundId"/>. Returns the reply's sequence number.</summary>
    Task<long> DeliverAsync(ChannelIntegration integration, string visitorId, string outboundId, MessageContent content, CancellationToken ct);
}
