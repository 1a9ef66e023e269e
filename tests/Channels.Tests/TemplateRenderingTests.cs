using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Instagram;
using DaprChannels.Channels.Messenger;
using DaprChannels.Channels.Telegram;
using DaprChannels.Channels.WhatsApp;
using DaprChannels.Contracts.Messages;
using DaprChannels.Channels.Meta.Messaging;
using DaprChannels.Channels.Meta.CloudApi;

namespace DaprChannels.Channels.Tests;

public class TemplateRenderingTests
{
    [Fact]
    public void A_channel_with_templates_sends_the_template_as_it_is()
    {
        var template = new TemplateContent("order_update", "en_US", ["Ada"]);

        var rendered = MessageRenderer.Render(template, WhatsAppCapabilities.Value);

        rendered.Content.Should().BeSameAs(template);
        rendered.Degradations.Should().BeEmpty();
    }

    [Fact]
    public void Without_templates_the_fallback_text_goes_and_the_degradation_is_recorded()
    {
        var template = new TemplateContent("order_update", "en_US", ["Ada", "#1234"], FallbackText: "Hi Ada, order #1234 ships today.");

        var rendered = MessageRenderer.Render(template, TelegramCapabilities.Value);

        rendered.Content.Should().Be(new TextContent("Hi Ada, order #1234 ships today."));
        rendered.Degradations.Should().Equal("template->text");
    }

    [Fact]
    public void Without_fallback_text_the_parameters_go_one_per_line_header_first()
    {
        var template = new TemplateContent("order_update", "en_US", ["Ada", "#1234"], ["Shipping news"]);

        var rendered = MessageRenderer.Render(template, new ChannelCapabilities());

        rendered.Content.Should().Be(new TextContent("Shipping news\nAda\n#1234"));
        rendered.Degradations.Should().Equal("template->text");
    }

    [Fact]
    public void Only_whatsapp_says_it_has_templates_and_the_meta_channels_have_a_24_hour_window()
    {
        WhatsAppCapabilities.Value.Templates.Should().BeTrue();
        MessengerCapabilities.Value.Templates.Should().BeFalse();
        InstagramCapabilities.Value.Templates.Should().BeFalse();
        TelegramCapabilities.Value.Templates.Should().BeFalse();
        TelegramCapabilities.Value.CustomerServiceWindow.Should().BeNull();
        new[] { WhatsAppCapabilities.Value, MessengerCapabilities.Value, InstagramCapabilities.Value }
            .Should().OnlyContain(c => c.CustomerServiceWindow == TimeSpan.FromHours(24));
    }
}
