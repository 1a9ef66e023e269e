namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// One platform: what it is called, what its integrations hold and what it can do. What it does comes
/// as small capabilities a platform implements only where it has them (<see cref="IInboundChannel"/>,
/// <see cref="IOutboundChannel"/>, <see cref="IChannelLifecycle"/>, <see cref="IMediaSource"/>,
/// <see cref="IConversationActions"/> ...); callers ask <see cref="ChannelRegistry"/> for the one they need.
/// </summary>
public interface IChannelAdapter
{
    ChannelDescriptor Descriptor { get; }

    ChannelCapabilities Capabilities { get; }

    /// <summary>Fills in what a new integration may leave out (a generated webhook secret) and rejects what is missing.</summary>
    IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials);
}
