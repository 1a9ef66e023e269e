using Microsoft.Extensions.Configuration;

namespace DaprChannels.Channels.Tests;

/// <summary>AddChannels puts every platform's adapter in the registry, as the one instance the container holds.</summary>
public class ChannelRegistrationTests
{
    [Theory]
    [InlineData(Platforms.WhatsApp, typeof(WhatsAppAdapter))]
    [InlineData(Platforms.Dialog360, typeof(Dialog360Adapter))]
    [InlineData(Platforms.Messenger, typeof(MessengerAdapter))]
    [InlineData(Platforms.Instagram, typeof(InstagramAdapter))]
    [InlineData(Platforms.LeadAds, typeof(LeadAdsAdapter))]
    [InlineData(Platforms.Telegram, typeof(TelegramAdapter))]
    [InlineData(Platforms.Widget, typeof(WidgetAdapter))]
    public void AddChannels_registers_the_platforms_adapter(string platform, Type adapterType)
    {
        using var services = new ServiceCollection().AddLogging().AddChannels(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var registry = services.GetRequiredService<ChannelRegistry>();

        registry.Get(platform).Should().BeOfType(adapterType)
            .And.BeSameAs(services.GetServices<IChannelAdapter>().Single(adapter => adapter.GetType() == adapterType));
    }
}
