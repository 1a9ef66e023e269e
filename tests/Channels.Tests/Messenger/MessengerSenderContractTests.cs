using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.Messenger;

/// <summary>The Messenger Send API answering as the sender contract needs.</summary>
public sealed class MessengerSenderContractTests : GraphSenderContract<MessengerAdapter>
{
    protected override string Secret => MessengerHarness.PageAccessToken;

    protected override string TextField => "message.text";

    protected override Task<ChannelHarness<MessengerAdapter, GraphApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null) =>
        MessengerHarness.StartAsync(baseUrl, requestTimeout);
}
