using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.Messenger;

public class MessengerAdapterTests() : MetaWebhookContract(new MessengerAdapter(null!, null!, null!), SamplePayloads.Messenger,
    MessengerHarness.AppSecret, MessengerHarness.VerifyToken, extraCredentials => MessengerHarness.Integrate(extraCredentials: extraCredentials),
    MessengerCredentials.PageId)
{
    [Fact]
    public async Task Test_credentials_with_a_token_of_another_page_is_not_ok()
    {
        await using var harness = await MessengerHarness.StartAsync();
        var integration = MessengerHarness.Integrate() with
        {
            Config = new Dictionary<string, string> { [MessengerCredentials.PageId] = "999999999999999" },
        };

        var result = await harness.Adapter.TestCredentialsAsync(integration, CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Summary.Should().Contain("another Page");
    }

    [Fact]
    public async Task Typing_and_mark_seen_are_sender_actions()
    {
        await using var harness = await MessengerHarness.StartAsync();

        IConversationActions actions = harness.Adapter;
        var typing = await actions.ShowTypingAsync(harness.Integration, MessengerHarness.UserPsid, "m_THEIRS01", CancellationToken.None);
        var seen = await actions.MarkAsReadAsync(harness.Integration, MessengerHarness.UserPsid, "m_THEIRS01", CancellationToken.None);

        new[] { typing, seen }.Should().OnlyContain(r => r.Status == SendStatus.Sent);
        var signals = harness.Simulator.Signals;
        signals.Select(s => s.Field("sender_action")).Should().Equal("typing_on", "mark_seen");
        signals.Should().OnlyContain(s => s.Path == $"/{MessengerHarness.ApiVersion}/{MessengerHarness.PageId}/messages"
            && s.Field("recipient.id") == MessengerHarness.UserPsid && s.Node("message") == null && s.Node("messaging_type") == null);
        harness.Simulator.Sends.Should().BeEmpty("signals are not messages");
    }

    [Fact]
    public void Descriptor_and_capabilities_say_what_the_platform_is()
    {
        var adapter = new MessengerAdapter(null!, null!, null!);

        adapter.Descriptor.Platform.Should().Be("messenger");
        adapter.Descriptor.ConfigFields.Should().Contain(f => f.Name == "pageId" && f.Required)
            .And.Contain(f => f.Name == "appId" && !f.Required);
        adapter.Descriptor.CredentialFields.Where(f => f.Required).Select(f => f.Name).Should().BeEquivalentTo("pageAccessToken", "appSecret");
        adapter.Descriptor.CredentialFields.Should().OnlyContain(f => f.Secret);
        adapter.Capabilities.Should().Be(new ChannelCapabilities(
            Text: true, Media: true, Buttons: true, Reactions: true, TypingIndicator: true, MarkAsRead: true,
            DeliveryReceipts: true, ReadReceipts: true, ReadWatermarks: true, MaxTextLength: 2000, MaxButtons: 13,
            CustomerServiceWindow: TimeSpan.FromHours(24), HumanAgentWindow: TimeSpan.FromDays(7), CanRefreshToken: true, CanRegisterWebhook: true, WebhookNeedsPublicUrl: false));
    }
}
