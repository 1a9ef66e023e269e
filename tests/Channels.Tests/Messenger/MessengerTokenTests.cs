using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.Messenger;

/// <summary>Page token expiry, the Page's webhook subscription and its fields, and the exchange of an expiring token.</summary>
public class MessengerTokenTests() : MetaTokenContract<MessengerAdapter>(
    new MetaTokenAccount(MessengerCredentials.PageAccessToken, MessengerHarness.PageAccessToken, MessengerHarness.AppId, "pages_messaging", "check.page",
        token => MessengerHarness.Integrate(token)),
    () => MessengerHarness.StartAsync())
{
    /// <summary>The Page's subscription is read last, with the Page token, and no field the channel uses is missing.</summary>
    protected override void AssertPassedCredentialTest(CredentialTestResult result, ChannelHarness<MessengerAdapter, GraphApiSimulator> harness)
    {
        result.Details.Should().Contain("missingFields", "");
        harness.Simulator.Calls.Last().Path.Should().Be($"/{MessengerHarness.ApiVersion}/{MessengerHarness.PageId}/subscribed_apps");
        harness.Simulator.Calls.Last().BearerToken.Should().Be(MessengerHarness.PageAccessToken);
    }

    [Fact]
    public async Task Missing_optional_fields_are_named_and_a_missing_messages_field_fails()
    {
        await using var harness = await MessengerHarness.StartAsync();
        const string otherPage = "104000000000001";
        harness.Simulator.AddPage("EAAotherPageToken0123456789abcdef", otherPage, "Other Page")
            .SetTokenFacts("EAAotherPageToken0123456789abcdef", MessengerHarness.AppId, null, ["pages_messaging"], "PAGE")
            .Subscribe(otherPage, MessengerHarness.AppId, "Acme Messaging", "messages", "messaging_postbacks");
        const string thirdPage = "104000000000002";
        harness.Simulator.AddPage("EAAthirdPageToken0123456789abcdef", thirdPage, "Third Page")
            .SetTokenFacts("EAAthirdPageToken0123456789abcdef", MessengerHarness.AppId, null, ["pages_messaging"], "PAGE")
            .Subscribe(thirdPage, MessengerHarness.AppId, "Acme Messaging", "feed");
        var partly = IntegrationFor(otherPage, "EAAotherPageToken0123456789abcdef");
        var noMessages = IntegrationFor(thirdPage, "EAAthirdPageToken0123456789abcdef");

        var partial = await harness.Adapter.TestCredentialsAsync(partly, CancellationToken.None);
        var none = await harness.Adapter.TestCredentialsAsync(noMessages, CancellationToken.None);

        partial.Ok.Should().BeTrue();
        partial.Details!["check.subscription"].Should().Be("ok: not subscribed to message_deliveries, message_reads, message_echoes");
        partial.Details["missingFields"].Should().Be("message_deliveries,message_reads,message_echoes");
        none.Ok.Should().BeFalse();
        none.Details!["check.subscription"].Should().Be("failed: the app is subscribed to the Page without the messages field");
    }

    [Fact]
    public async Task A_page_without_our_app_fails_the_subscription_check()
    {
        await using var harness = await MessengerHarness.StartAsync();
        var integration = MessengerHarness.Integrate() with
        {
            Config = new Dictionary<string, string> { [MessengerCredentials.PageId] = MessengerHarness.PageId, [MessengerCredentials.AppId] = "1999999999999999" },
        };
        harness.Simulator.AddApp("1999999999999999", MessengerHarness.AppSecret);

        var result = await harness.Adapter.TestCredentialsAsync(integration, CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Details!["check.subscription"].Should().StartWith("failed: app 1999999999999999 is not subscribed to the Page");
    }

    [Fact]
    public async Task An_expired_page_token_is_refused_and_neither_it_nor_the_app_secret_is_logged()
    {
        await using var harness = await MessengerHarness.StartAsync();
        harness.Simulator.SetTokenFacts(MessengerHarness.PageAccessToken, MessengerHarness.AppId, DateTimeOffset.UtcNow.AddMinutes(-5), ["pages_messaging"], "PAGE");

        var expired = await harness.Adapter.RefreshCredentialsAsync(harness.Integration, CancellationToken.None);

        expired.Refreshed.Should().BeFalse();
        expired.CredentialsRefused.Should().BeTrue();
        harness.Simulator.IssuedTokens.Should().BeEmpty();
        string.Join('\n', harness.Logs.Lines).Should().NotContain(MessengerHarness.PageAccessToken).And.NotContain(MessengerHarness.AppSecret);
    }

    private static Abstractions.ChannelIntegration IntegrationFor(string pageId, string token) =>
        MessengerHarness.Integrate(token) with
        {
            Config = new Dictionary<string, string> { [MessengerCredentials.PageId] = pageId, [MessengerCredentials.AppId] = MessengerHarness.AppId },
        };
}
