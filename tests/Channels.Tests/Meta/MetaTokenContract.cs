namespace DaprChannels.Channels.Tests.Meta;

/// <summary>
/// How every Meta channel whose token Meta introspects treats it, written once: a token that does not expire
/// passes every check and needs no renewal, an expiring one is exchanged for a long-lived working token, and a
/// failed introspection fails the token check alone. A platform's subclass names its account and says what
/// else its credential test reports.
/// </summary>
/// <param name="start">The platform harness's StartAsync, its account's token never expiring.</param>
public abstract class MetaTokenContract<TAdapter>(MetaTokenAccount account, Func<Task<ChannelHarness<TAdapter, GraphApiSimulator>>> start)
    where TAdapter : class, IInboundChannel, IOutboundChannel, IChannelLifecycle
{
    /// <summary>What the platform's credential test reports, and whom it asked, beyond the checks every Meta channel runs.</summary>
    protected abstract void AssertPassedCredentialTest(CredentialTestResult result, ChannelHarness<TAdapter, GraphApiSimulator> harness);

    [Fact]
    public async Task Test_credentials_passes_each_check_and_reports_that_the_token_never_expires()
    {
        await using var harness = await start();

        var result = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);

        result.Ok.Should().BeTrue(result.Summary);
        result.NeverExpires.Should().BeTrue();
        result.Details.Should()
            .Contain(account.AccountCheck, "ok")
            .And.Contain("check.token", "ok: does not expire")
            .And.Contain("check.scopes", $"ok: {account.MessagingScope}")
            .And.Contain("check.subscription", "ok");
        AssertPassedCredentialTest(result, harness);
    }

    [Fact]
    public async Task A_token_that_does_not_expire_needs_no_refresh()
    {
        await using var harness = await start();

        var refresh = await harness.Adapter.RefreshCredentialsAsync(harness.Integration, CancellationToken.None);

        refresh.Refreshed.Should().BeFalse();
        refresh.NeverExpires.Should().BeTrue();
        refresh.Summary.Should().StartWith("not needed").And.Contain("does not expire");
        harness.Simulator.Calls.Select(c => c.Path).Should().Equal($"/{MetaHarness.ApiVersion}/debug_token");
        harness.Simulator.IssuedTokens.Should().BeEmpty();
    }

    [Fact]
    public async Task An_expiring_token_is_exchanged_for_a_long_lived_working_one()
    {
        await using var harness = await start();
        harness.Simulator.SetTokenFacts(account.Token, account.AppId, DateTimeOffset.UtcNow.AddHours(20), [account.MessagingScope]);

        var refresh = await harness.Adapter.RefreshCredentialsAsync(harness.Integration, CancellationToken.None);

        refresh.Refreshed.Should().BeTrue(refresh.Summary);
        var issued = harness.Simulator.IssuedTokens.Single();
        refresh.UpdatedCredentials.Should().Equal(new Dictionary<string, string> { [account.TokenKey] = issued });
        refresh.ExpiresAt.Should().BeCloseTo(DateTimeOffset.UtcNow.AddSeconds(GraphApiSimulator.LongLivedSeconds), TimeSpan.FromMinutes(1));
        var exchange = harness.Simulator.Calls.Single(c => c.Path.EndsWith("/oauth/access_token", StringComparison.Ordinal));
        exchange.Query.Should().Contain("grant_type=fb_exchange_token").And.Contain($"client_id={account.AppId}").And.Contain("fb_exchange_token=" + account.Token);

        var send = await harness.SendAsAsync(account.Integrate(issued), new TextContent("hi"));
        send.Status.Should().Be(SendStatus.Sent, "the exchanged token is a working token");
        string.Join('\n', harness.Logs.Lines).Should().NotContain(account.Token).And.NotContain(harness.Integration.Credentials[MetaAppCredentials.AppSecret]);
    }

    [Fact]
    public async Task A_failed_introspection_fails_the_token_check_and_the_other_checks_still_run()
    {
        await using var harness = await start();
        harness.Simulator.FailNext(GraphApiSimulator.DebugTokenOperation, 1, GraphSimulatedFailure.ServerError());

        var result = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Details!["check.token"].Should().StartWith("failed: debug_token failed");
        result.Details["check.scopes"].Should().StartWith("skipped");
        result.Details["check.subscription"].Should().Be("ok", "the other checks still run");
    }
}
