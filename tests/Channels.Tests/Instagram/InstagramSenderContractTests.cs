using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.Instagram;

/// <summary>The Instagram Send API on Instagram's own host answering as the sender contract needs.</summary>
public sealed class InstagramSenderContractTests : GraphSenderContract<InstagramAdapter>
{
    protected override string Secret => InstagramHarness.AccessToken;

    protected override string TextField => "message.text";

    protected override Task<ChannelHarness<InstagramAdapter, GraphApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null) =>
        InstagramHarness.StartAsync(baseUrl, requestTimeout);
}
