namespace DaprChannels.Channels.Tests.Instagram;

/// <summary>Instagram's token renewal at graph.instagram.com and the account's webhook subscription.</summary>
public class InstagramTokenTests
{
    [Fact]
    public async Task Refresh_renews_the_token_at_the_unversioned_endpoint_and_records_its_expiry()
    {
        await using var harness = await InstagramHarness.StartAsync();

        var refresh = await harness.Adapter.RefreshCredentialsAsync(harness.Integration, CancellationToken.None);

        refresh.Refreshed.Should().BeTrue(refresh.Summary);
        var issued = harness.Simulator.IssuedTokens.Single();
        refresh.UpdatedCredentials.Should().Equal(new Dictionary<string, string> { [InstagramCredentials.AccessToken] = issued });
        refresh.ExpiresAt.Should().BeCloseTo(DateTimeOffset.UtcNow.AddSeconds(GraphApiSimulator.LongLivedSeconds), TimeSpan.FromMinutes(1));
        var call = harness.Simulator.Calls.Single();
        call.Path.Should().Be("/refresh_access_token");
        call.Query.Should().Be($"?grant_type=ig_refresh_token&access_token={InstagramHarness.AccessToken}");
        call.AuthorizationPresent.Should().BeFalse();

        var send = await harness.SendAsAsync(InstagramHarness.Integrate(issued), new TextContent("hi"));
        send.Status.Should().Be(Abstractions.SendStatus.Sent);
        harness.Simulator.Sends.Single().BearerToken.Should().Be(issued);
    }

    [Fact]
    public async Task A_token_under_a_day_old_is_not_yet_renewed()
    {
        await using var harness = await InstagramHarness.StartAsync();
        harness.Simulator.SetTokenFacts(InstagramHarness.AccessToken, "", DateTimeOffset.UtcNow.AddDays(60), [], issuedAt: DateTimeOffset.UtcNow.AddHours(-2));

        var refresh = await harness.Adapter.RefreshCredentialsAsync(harness.Integration, CancellationToken.None);

        refresh.Refreshed.Should().BeFalse();
        refresh.CredentialsRefused.Should().BeFalse();
        refresh.Summary.Should().StartWith("not yet").And.Contain("24 hours");
        harness.Simulator.IssuedTokens.Should().BeEmpty();
    }

    [Fact]
    public async Task An_expired_token_cannot_be_renewed_and_needs_reauthorization()
    {
        await using var harness = await InstagramHarness.StartAsync();
        harness.Simulator.SetTokenFacts(InstagramHarness.AccessToken, "", DateTimeOffset.UtcNow.AddMinutes(-1), []);

        var refresh = await harness.Adapter.RefreshCredentialsAsync(harness.Integration, CancellationToken.None);

        refresh.Refreshed.Should().BeFalse();
        refresh.CredentialsRefused.Should().BeTrue();
        refresh.Summary.Should().Contain("no longer valid");
    }

    [Fact]
    public async Task A_platform_outage_is_worth_another_try_and_leaks_no_token()
    {
        await using var harness = await InstagramHarness.StartAsync();
        harness.Simulator.FailNext(GraphApiSimulator.InstagramRefreshOperation, 1,
            new GraphSimulatedFailure(500, 2, $"Service temporarily unavailable for {InstagramHarness.AccessToken}"));

        var refresh = await harness.Adapter.RefreshCredentialsAsync(harness.Integration, CancellationToken.None);

        refresh.Refreshed.Should().BeFalse();
        refresh.Summary.Should().StartWith("not refreshed, to be tried again").And.NotContain(InstagramHarness.AccessToken);
        string.Join('\n', harness.Logs.Lines).Should().Contain("refresh_access_token").And.NotContain(InstagramHarness.AccessToken);
    }

    [Fact]
    public async Task Test_credentials_checks_the_messages_subscription_of_the_account()
    {
        await using var harness = await InstagramHarness.StartAsync();
        const string unsubscribed = "17841400000000002";
        harness.Simulator.AddInstagramAccount("IGAAunsubscribedAccountToken0123456789", unsubscribed, "quiet.account");
        var quiet = InstagramHarness.Integrate("IGAAunsubscribedAccountToken0123456789") with
        {
            Config = new Dictionary<string, string> { [InstagramCredentials.InstagramAccountId] = unsubscribed },
        };

        var ready = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);
        var notReady = await harness.Adapter.TestCredentialsAsync(quiet, CancellationToken.None);

        ready.Ok.Should().BeTrue(ready.Summary);
        ready.Details.Should().Contain("check.account", "ok").And.Contain("check.subscription", "ok").And.Contain("subscribedFields", "messages,messaging_seen");
        ready.Details!["check.tokenExpiry"].Should().StartWith("skipped");
        harness.Simulator.Calls[1].Path.Should().Be($"/{InstagramHarness.ApiVersion}/{InstagramHarness.AccountId}/subscribed_apps");
        notReady.Ok.Should().BeFalse();
        notReady.Details!["check.subscription"].Should().StartWith("failed: the account does not receive messages webhooks");
    }
}
