using System.Globalization;

namespace DaprChannels.Channels.Tests.Meta;

/// <summary>
/// The sender contract for the platforms Meta's Graph API serves (WhatsApp Cloud API, Messenger, Instagram):
/// they share its error shapes (code 4 for the app's rate limit, 190 for a dead token, 100 for a bad parameter),
/// its Bearer header, a messages edge per account, and splitting a text too long for one message.
/// </summary>
/// <param name="secret">The access token the harness's integration sends with.</param>
/// <param name="account">Where the platform's messages go and what it calls them.</param>
/// <param name="start">The platform harness's StartAsync.</param>
public abstract class GraphSenderContract<TAdapter>(
    string secret, GraphSendAccount account, Func<Uri?, TimeSpan?, Task<ChannelHarness<TAdapter, GraphApiSimulator>>> start)
    : SenderContract<TAdapter, GraphApiSimulator>
    where TAdapter : class, IInboundChannel, IOutboundChannel, IChannelLifecycle, IConversationActions
{
    protected override string Secret => secret;

    protected override string TooManyRequestsCode => "4";

    protected override string UnauthorizedCode => "190";

    protected override int? MaskedReasonAt => 2;

    protected override bool TestsCredentialsAfterFailures => true;

    protected override Task<ChannelHarness<TAdapter, GraphApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null) =>
        start(baseUrl, requestTimeout);

    /// <summary>What a plain text reply carries besides its text, in the platform's envelope.</summary>
    protected abstract void AssertTextEnvelope(GraphApiCall call);

    /// <summary>What the credential test reports of the account the token reaches.</summary>
    protected abstract void AssertAccountReported(CredentialTestResult result);

    protected override void AnswerNextSendTooManyRequests(GraphApiSimulator simulator, int seconds) =>
        simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.TooManyRequests(seconds));

    protected override void RefuseNextSendCredentials(GraphApiSimulator simulator) =>
        simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.InvalidToken());

    protected override void RevokeCredentials(ChannelHarness<TAdapter, GraphApiSimulator> harness) => harness.Simulator.RevokeToken(Secret);

    protected override void AnswerNextSendAfter(GraphApiSimulator simulator, TimeSpan delay) =>
        simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.Slow(delay));

    protected override string? LastSentText(GraphApiSimulator simulator) => simulator.Sends[^1].Field(account.TextField);

    protected override IReadOnlyList<SendStatus> FailSendsAroundTheSecret(GraphApiSimulator simulator)
    {
        simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.ServerError());
        simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.InvalidToken());
        simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.InvalidParameter($"(#100) Invalid parameter near {Secret}"));
        return [SendStatus.Transient, SendStatus.Unauthorized, SendStatus.Permanent];
    }

    protected override void RefuseNextCredentialTest(GraphApiSimulator simulator) =>
        simulator.FailNext(GraphApiSimulator.ReadOperation, 1, GraphSimulatedFailure.InvalidToken());

    protected override void AssertRevokedCredentialTest(CredentialTestResult test)
    {
        test.Summary.Should().Be("Meta refused the access token.");
        test.Details.Should().Contain("errorCode", UnauthorizedCode);
    }

    protected override void AssertCallsCarriedTheSecretOnlyWhereTheyMust(ChannelHarness<TAdapter, GraphApiSimulator> harness) =>
        harness.Simulator.Calls.Should().OnlyContain(c => c.AuthorizationPresent && !c.Path.Contains(Secret) && !(c.Query ?? "").Contains(Secret));

    [Fact]
    public async Task Text_goes_to_the_accounts_messages_edge_with_the_bearer_token()
    {
        await using var harness = await StartAsync();

        var result = await harness.SendAsync(new TextContent("Your order ships today."));

        result.Status.Should().Be(SendStatus.Sent);
        result.PlatformMessageId.Should().Be(account.FirstMessageId);
        result.Degradations.Should().BeEmpty();
        var call = harness.Simulator.Sends.Single();
        call.Path.Should().Be(account.MessagesPath);
        call.BearerToken.Should().Be(secret);
        call.Field(account.TextField).Should().Be("Your order ships today.");
        AssertTextEnvelope(call);
    }

    [Fact]
    public async Task Long_text_is_split_at_the_platforms_limit_and_the_first_id_is_reported()
    {
        await using var harness = await StartAsync();
        var text = string.Join(' ', Enumerable.Repeat("word", account.TextLimit * 9 / 20));

        var result = await harness.SendAsync(new TextContent(text));

        result.Status.Should().Be(SendStatus.Sent);
        result.PlatformMessageId.Should().Be(account.FirstMessageId);
        result.Degradations.Should().Equal("split into 3 messages");
        var sends = harness.Simulator.Sends;
        sends.Should().HaveCount(3).And.OnlyContain(s => s.StatusCode == 200 && s.Field(account.TextField)!.Length <= account.TextLimit);
        string.Concat(sends.Select(s => s.Field(account.TextField))).Should().Be(text);
    }

    [Fact]
    public async Task A_later_part_failing_still_reports_the_first_as_sent()
    {
        await using var harness = await StartAsync();
        harness.Simulator.SucceedNext(GraphApiSimulator.SendOperation, 1);
        harness.Simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.ServerError());

        var result = await harness.SendAsync(new TextContent(new string('x', account.TextLimit + 500)));

        result.Status.Should().Be(SendStatus.Sent, "retrying would send the first part twice");
        result.PlatformMessageId.Should().Be(account.FirstMessageId);
        result.Degradations.Should().Equal("split into 2 messages", "part 2 of 2 not sent: Transient 1");
        (await harness.Simulator.WaitForSendsAsync(2)).Select(s => s.StatusCode).Should().Equal(200, 500);
    }

    [Fact]
    public async Task Other_client_errors_are_permanent_and_server_errors_transient()
    {
        await using var harness = await StartAsync();
        harness.Simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.InvalidParameter("(#100) No matching user found"));
        harness.Simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.ServerError());

        var invalid = await harness.SendAsync(new TextContent("a"));
        var server = await harness.SendAsync(new TextContent("b"));

        invalid.Should().Match<SendResult>(r => r.Status == SendStatus.Permanent && r.ErrorCode == "100");
        server.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "1");
    }

    [Fact]
    public async Task An_account_id_that_is_not_digits_never_reaches_a_url()
    {
        await using var harness = await StartAsync();
        var integration = harness.Integration with { Config = new Dictionary<string, string> { [account.IdSetting] = "../me/accounts?x=" } };

        var send = () => harness.SendAsAsync(integration, new TextContent("x"));

        await send.Should().ThrowAsync<ChannelConfigurationException>().WithMessage($"*{account.IdSetting}*");
        harness.Simulator.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Outside_the_messaging_window_is_permanent_with_a_reason_naming_the_window_and_the_code()
    {
        await using var harness = await StartAsync();
        harness.Simulator.FailNext(GraphApiSimulator.SendOperation, 1, account.OutsideWindow);

        var result = await harness.SendAsync(new TextContent("hello again"));

        result.Status.Should().Be(SendStatus.Permanent);
        result.ErrorCode.Should().Be(SendErrorCodes.OutsideCustomerServiceWindow);
        result.Reason.Should().Contain("24-hour").And.Contain(account.OutsideWindow.Code.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Test_credentials_reads_the_account_with_the_bearer_token_and_reports_it()
    {
        await using var harness = await StartAsync();

        var result = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);

        result.Ok.Should().BeTrue(result.Summary);
        AssertAccountReported(result);
        var call = harness.Simulator.Calls.First();
        call.Method.Should().Be("GET");
        (call.Path + call.Query).Should().Be(account.AccountRead);
        call.BearerToken.Should().Be(secret);
    }
}
