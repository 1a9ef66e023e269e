using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.Instagram;

public class InstagramAdapterTests() : MetaWebhookContract(new InstagramAdapter(null!), SamplePayloads.Instagram,
    InstagramHarness.AppSecret, InstagramHarness.VerifyToken, extraCredentials => InstagramHarness.Integrate(extraCredentials: extraCredentials),
    InstagramCredentials.InstagramAccountId)
{
    [Fact]
    public async Task Typing_and_mark_seen_are_sender_actions_to_the_account()
    {
        await using var harness = await InstagramHarness.StartAsync();

        var typing = await harness.Adapter.ShowTypingAsync(harness.Integration, InstagramHarness.UserIgsid, "aWdfZAG1faXRlbTox", CancellationToken.None);
        var seen = await harness.Adapter.MarkAsReadAsync(harness.Integration, InstagramHarness.UserIgsid, "aWdfZAG1faXRlbTox", CancellationToken.None);

        typing.Status.Should().Be(SendStatus.Sent);
        seen.Status.Should().Be(SendStatus.Sent);
        harness.Simulator.Sends.Should().BeEmpty("signals are not messages");
        harness.Simulator.Signals.Should().OnlyContain(s => s.Field("recipient.id") == InstagramHarness.UserIgsid && s.BearerToken == InstagramHarness.AccessToken);
        harness.Simulator.Signals.Select(s => (s.Path, s.Field("sender_action"))).Should().Equal(
            ($"/{InstagramHarness.ApiVersion}/{InstagramHarness.AccountId}/messages", "typing_on"),
            ($"/{InstagramHarness.ApiVersion}/{InstagramHarness.AccountId}/messages", "mark_seen"));
    }

    [Fact]
    public void Credentials_require_the_access_token_and_generate_a_verify_token()
    {
        var adapter = new InstagramAdapter(null!);

        var prepared = adapter.PrepareCredentials(new Dictionary<string, string> { ["accessToken"] = " IGAAtoken ", ["appSecret"] = "s" });
        var missing = () => adapter.PrepareCredentials(new Dictionary<string, string> { ["appSecret"] = "s" });

        prepared["accessToken"].Should().Be("IGAAtoken");
        prepared["verifyToken"].Should().MatchRegex("^[A-Za-z0-9_-]{32}$");
        missing.Should().Throw<ChannelConfigurationException>().WithMessage("*'accessToken'*");
    }

    [Fact]
    public void Descriptor_and_capabilities_say_what_the_platform_is()
    {
        var adapter = new InstagramAdapter(null!);

        adapter.Descriptor.Platform.Should().Be("instagram");
        adapter.Descriptor.ConfigFields.Should().ContainSingle(f => f.Name == "instagramAccountId" && f.Required);
        adapter.Descriptor.CredentialFields.Where(f => f.Required).Select(f => f.Name).Should().BeEquivalentTo("accessToken", "appSecret");
        adapter.Capabilities.Should().Be(new ChannelCapabilities(
            Text: true, Media: true, Buttons: true, Reactions: true, TypingIndicator: true, MarkAsRead: true,
            DeliveryReceipts: false, ReadReceipts: true, MaxTextLength: 1000, MaxButtons: 13,
            CustomerServiceWindow: TimeSpan.FromHours(24), HumanAgentWindow: TimeSpan.FromDays(7), CanRefreshToken: true, CanRegisterWebhook: true, WebhookNeedsPublicUrl: false));
    }
}
