using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.WhatsApp;

/// <summary>Credential tests with each check named, and the long-lived exchange of tokens that expire.</summary>
public class WhatsAppTokenTests() : MetaTokenContract<WhatsAppAdapter>(
    new MetaTokenAccount(WhatsAppCredentials.AccessToken, WhatsAppHarness.AccessToken, WhatsAppHarness.AppId, "whatsapp_business_messaging", "check.phoneNumber",
        token => WhatsAppHarness.Integrate(token)),
    () => WhatsAppHarness.StartAsync())
{
    /// <summary>The number, the token and the business account's subscription are read in turn; debug_token takes the app access token in the query.</summary>
    protected override void AssertPassedCredentialTest(CredentialTestResult result, ChannelHarness<WhatsAppAdapter, GraphApiSimulator> harness)
    {
        result.ExpiresAt.Should().BeNull();
        result.Details.Should().Contain("tokenExpiresAt", "never").And.Contain("subscribedApps", "Acme Messaging");
        harness.Simulator.Calls.Select(c => c.Path).Should().Equal(
            $"/{WhatsAppHarness.ApiVersion}/{WhatsAppHarness.PhoneNumberId}",
            $"/{WhatsAppHarness.ApiVersion}/debug_token",
            $"/{WhatsAppHarness.ApiVersion}/{WhatsAppHarness.BusinessAccountId}/subscribed_apps");
        var debug = harness.Simulator.Calls[1];
        debug.AuthorizationPresent.Should().BeFalse("debug_token takes the app access token in the query string");
        debug.Query.Should().Contain("input_token=" + WhatsAppHarness.AccessToken)
            .And.Contain("access_token=" + Uri.EscapeDataString($"{WhatsAppHarness.AppId}|{WhatsAppHarness.AppSecret}"));
    }

    [Fact]
    public async Task A_token_without_the_messaging_scope_and_an_app_not_subscribed_fail_their_checks()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        var expires = DateTimeOffset.UtcNow.AddDays(20);
        harness.Simulator.SetTokenFacts(WhatsAppHarness.AccessToken, WhatsAppHarness.AppId, expires, ["whatsapp_business_management"]);
        var otherAccount = WhatsAppHarness.Integrate() with
        {
            Config = new Dictionary<string, string>(WhatsAppHarness.Integrate().Config) { [WhatsAppCredentials.BusinessAccountId] = "109999999999999" },
        };
        harness.Simulator.AddBusinessAccount("109999999999999", ("2222222222222222", "Someone else's app"));

        var result = await harness.Adapter.TestCredentialsAsync(otherAccount, CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.ExpiresAt.Should().BeCloseTo(expires, TimeSpan.FromSeconds(1));
        result.Details!["check.phoneNumber"].Should().Be("ok");
        result.Details["check.token"].Should().StartWith("ok: expires ");
        result.Details["check.scopes"].Should().Be("failed: whatsapp_business_messaging is not granted");
        result.Details["check.subscription"].Should().StartWith($"failed: app {WhatsAppHarness.AppId} is not subscribed");
        result.Summary.Should().Contain("scopes").And.Contain("subscription");
    }

    [Fact]
    public async Task Without_an_app_id_the_token_checks_are_skipped_and_no_refresh_is_possible()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        var integration = WhatsAppHarness.Integrate() with
        {
            Config = new Dictionary<string, string> { [WhatsAppCredentials.PhoneNumberId] = WhatsAppHarness.PhoneNumberId },
        };

        var result = await harness.Adapter.TestCredentialsAsync(integration, CancellationToken.None);
        var refresh = await harness.Adapter.RefreshCredentialsAsync(integration, CancellationToken.None);

        result.Ok.Should().BeTrue();
        result.Details!["check.token"].Should().StartWith("skipped: set the appId setting");
        result.Details["check.subscription"].Should().StartWith("skipped");
        refresh.Refreshed.Should().BeFalse();
        refresh.Summary.Should().StartWith("not possible").And.Contain("appId");
        harness.Simulator.Calls.Should().ContainSingle();
    }

    [Fact]
    public async Task An_app_id_that_is_not_digits_is_a_failed_check_and_never_reaches_a_query()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        var integration = WhatsAppHarness.Integrate() with
        {
            Config = new Dictionary<string, string> { [WhatsAppCredentials.PhoneNumberId] = WhatsAppHarness.PhoneNumberId, [WhatsAppCredentials.AppId] = "1|x&a=b" },
        };

        var result = await harness.Adapter.TestCredentialsAsync(integration, CancellationToken.None);
        var refresh = await harness.Adapter.RefreshCredentialsAsync(integration, CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Details!["check.token"].Should().Contain("numeric id of the Meta app");
        refresh.Summary.Should().Contain("numeric id of the Meta app");
        harness.Simulator.Calls.Should().NotContain(c => c.Path.EndsWith("/debug_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revoked_token_is_refused_by_the_test_and_the_refresh()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.SetTokenFacts(WhatsAppHarness.AccessToken, WhatsAppHarness.AppId, DateTimeOffset.UtcNow.AddDays(3), ["whatsapp_business_messaging"]);
        harness.Simulator.RevokeToken(WhatsAppHarness.AccessToken);

        var test = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);
        var refresh = await harness.Adapter.RefreshCredentialsAsync(harness.Integration, CancellationToken.None);

        test.Ok.Should().BeFalse();
        test.CredentialsRefused.Should().BeTrue();
        test.Details.Should().Contain("errorCode", "190");
        refresh.Refreshed.Should().BeFalse();
        refresh.CredentialsRefused.Should().BeTrue();
        refresh.Summary.Should().Contain("no longer valid");
        harness.Simulator.IssuedTokens.Should().BeEmpty();
    }

    [Fact]
    public async Task A_wrong_app_secret_fails_the_introspection_without_showing_the_secret_or_the_token()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.SetTokenFacts(WhatsAppHarness.AccessToken, WhatsAppHarness.AppId, DateTimeOffset.UtcNow.AddDays(3), ["whatsapp_business_messaging"]);
        const string wrongSecret = "00000000000000000000000000000000";
        var integration = WhatsAppHarness.Integrate(extraCredentials: new Dictionary<string, string> { [WhatsAppCredentials.AppSecret] = wrongSecret });

        var test = await harness.Adapter.TestCredentialsAsync(integration, CancellationToken.None);
        var refresh = await harness.Adapter.RefreshCredentialsAsync(integration, CancellationToken.None);

        test.Details!["check.token"].Should().StartWith("failed: debug_token failed");
        refresh.Refreshed.Should().BeFalse();
        refresh.CredentialsRefused.Should().BeFalse("the token itself was not judged");
        var everything = string.Join('\n', harness.Logs.Lines) + test.Summary + string.Join('\n', test.Details.Values) + refresh.Summary;
        everything.Should().NotContain(wrongSecret).And.NotContain(WhatsAppHarness.AccessToken).And.NotContain(WhatsAppHarness.AppSecret);
    }

    [Fact]
    public async Task Tokens_and_the_app_secret_never_reach_a_log()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.SetTokenFacts(WhatsAppHarness.AccessToken, WhatsAppHarness.AppId, DateTimeOffset.UtcNow.AddDays(3), ["whatsapp_business_messaging"]);
        harness.Simulator.FailNext(GraphApiSimulator.ExchangeOperation, 1,
            new GraphSimulatedFailure(400, 100, $"Invalid parameter fb_exchange_token={WhatsAppHarness.AccessToken} client_secret={WhatsAppHarness.AppSecret}"));

        await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);
        var failed = await harness.Adapter.RefreshCredentialsAsync(harness.Integration, CancellationToken.None);
        var refreshed = await harness.Adapter.RefreshCredentialsAsync(harness.Integration, CancellationToken.None);

        failed.Refreshed.Should().BeFalse();
        failed.Summary.Should().Contain("***").And.NotContain(WhatsAppHarness.AccessToken).And.NotContain(WhatsAppHarness.AppSecret);
        refreshed.Refreshed.Should().BeTrue();
        harness.Logs.Lines.Should().Contain(l => l.Contains("debug_token") && l.Contains("answered 200"), "the path is logged");
        harness.Logs.Lines.Should().Contain(l => l.Contains("oauth/access_token") && l.Contains("failed"));
        var logs = string.Join('\n', harness.Logs.Lines);
        logs.Should().NotContain(WhatsAppHarness.AccessToken).And.NotContain(WhatsAppHarness.AppSecret).And.NotContain(harness.Simulator.IssuedTokens.Single());
    }
}
