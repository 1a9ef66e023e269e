using DaprChannels.Contracts.Events;

namespace DaprChannels.Channels.Abstractions;

/// <summary>A platform that sends: a canonical outbound message becomes the platform's API calls.</summary>
public interface IOutboundChannel : IChannelAdapter
{
    Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken);
}
