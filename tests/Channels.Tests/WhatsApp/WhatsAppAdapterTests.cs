using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.WhatsApp;

public class WhatsAppAdapterTests() : MetaWebhookContract(new WhatsAppAdapter(null!, null!, null!), SamplePayloads.WhatsApp,
    WhatsAppHarness.AppSecret, WhatsAppHarness.VerifyToken, extraCredentials => WhatsAppHarness.Integrate(extraCredentials: extraCredentials),
    WhatsAppCredentials.PhoneNumberId)
{
    [Fact]
    public async Task Test_credentials_with_an_unknown_number_is_not_ok()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        var integration = WhatsAppHarness.Integrate() with
        {
            Config = new Dictionary<string, string> { [WhatsAppCredentials.PhoneNumberId] = "999999999999999" },
        };

        var result = await harness.Adapter.TestCredentialsAsync(integration, CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Details.Should().Contain("errorCode", "100");
    }

    [Fact]
    public async Task Mark_as_read_posts_the_read_status()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        var result = await harness.Adapter.MarkAsReadAsync(harness.Integration, WhatsAppHarness.UserWaId, "wamid.THEIRS01", CancellationToken.None);

        result.Status.Should().Be(SendStatus.Sent);
        var call = harness.Simulator.Signals.Single();
        call.Path.Should().Be($"/{WhatsAppHarness.ApiVersion}/{WhatsAppHarness.PhoneNumberId}/messages");
        call.Field("status").Should().Be("read");
        call.Field("message_id").Should().Be("wamid.THEIRS01");
        call.Field("messaging_product").Should().Be("whatsapp");
        call.Node("typing_indicator").Should().BeNull();
        harness.Simulator.Sends.Should().BeEmpty("a read mark is not a message");
    }

    [Fact]
    public async Task Typing_is_the_read_call_with_a_text_typing_indicator()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        var result = await harness.Adapter.ShowTypingAsync(harness.Integration, WhatsAppHarness.UserWaId, "wamid.THEIRS02", CancellationToken.None);
        var withoutMessage = await harness.Adapter.ShowTypingAsync(harness.Integration, WhatsAppHarness.UserWaId, null, CancellationToken.None);

        result.Status.Should().Be(SendStatus.Sent);
        var call = harness.Simulator.Signals.Single();
        call.Field("status").Should().Be("read");
        call.Field("message_id").Should().Be("wamid.THEIRS02");
        call.Field("typing_indicator.type").Should().Be("text");
        call.BearerToken.Should().Be(WhatsAppHarness.AccessToken);
        withoutMessage.Status.Should().Be(SendStatus.Permanent, "WhatsApp types only against a received message");
    }

    [Fact]
    public void Descriptor_and_capabilities_say_what_the_platform_is()
    {
        var adapter = new WhatsAppAdapter(null!, null!, null!);

        adapter.Descriptor.Platform.Should().Be("whatsapp");
        adapter.Descriptor.ConfigFields.Should().Contain(f => f.Name == "phoneNumberId" && f.Required)
            .And.Contain(f => f.Name == "businessAccountId" && !f.Required);
        adapter.Descriptor.CredentialFields.Where(f => f.Required).Select(f => f.Name).Should().BeEquivalentTo("accessToken", "appSecret");
        adapter.Descriptor.CredentialFields.Should().OnlyContain(f => f.Secret);
        adapter.Capabilities.Should().Be(new ChannelCapabilities(
            Text: true, Media: true, MediaById: true, Location: true, Contacts: true, Buttons: true, Lists: true, Reactions: true,
            TypingIndicator: true, TypingMarksRead: true, MarkAsRead: true, DeliveryReceipts: true, ReadReceipts: true, MaxTextLength: 4096, MaxButtons: 3,
            CustomerServiceWindow: TimeSpan.FromHours(24), Templates: true, CanRefreshToken: true, CanRegisterWebhook: true, WebhookNeedsPublicUrl: false));
        adapter.Descriptor.ConfigFields.Where(f => f.Name.StartsWith("windowTemplate", StringComparison.Ordinal)).Should().HaveCount(3)
            .And.OnlyContain(f => !f.Required && !f.Secret);
    }

    [Fact]
    public async Task Api_version_and_base_url_come_from_configuration()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        var graph = harness.Services.GetRequiredService<GraphApiClient>();

        graph.UrlFor("123/messages").Should().Be(new Uri(harness.Simulator.BaseUrl, "/v21.0/123/messages"));
    }
}
