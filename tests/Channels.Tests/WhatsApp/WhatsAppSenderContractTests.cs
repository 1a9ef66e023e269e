using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.WhatsApp;

/// <summary>The Cloud API answering as the sender contract needs.</summary>
public sealed class WhatsAppSenderContractTests : GraphSenderContract<WhatsAppAdapter>
{
    protected override string Secret => WhatsAppHarness.AccessToken;

    protected override string TextField => "text.body";

    protected override Task<ChannelHarness<WhatsAppAdapter, GraphApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null) =>
        WhatsAppHarness.StartAsync(baseUrl, requestTimeout);
}
