using DaprChannels.TestSupport.Hosting;

namespace DaprChannels.Channels.Tests.Dialog360;

public class Dialog360SenderTests : SenderContract<Dialog360Adapter, Dialog360ApiSimulator>
{
    protected override string Secret => Dialog360Harness.ApiKey;

    protected override string TooManyRequestsCode => "429";

    protected override string UnauthorizedCode => "401";

    protected override string? RevokedReason => "Invalid api_key";

    protected override int? MaskedReasonAt => 2;

    protected override bool TestsCredentialsAfterFailures => true;

    protected override Task<ChannelHarness<Dialog360Adapter, Dialog360ApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null) =>
        Dialog360Harness.StartAsync(baseUrl, requestTimeout);

    protected override void AnswerNextSendTooManyRequests(Dialog360ApiSimulator simulator, int seconds) =>
        simulator.FailNext(Dialog360ApiSimulator.SendOperation, 1, Dialog360SimulatedFailure.TooManyRequests(seconds));

    protected override void RefuseNextSendCredentials(Dialog360ApiSimulator simulator) =>
        simulator.FailNext(Dialog360ApiSimulator.SendOperation, 1, Dialog360SimulatedFailure.InvalidApiKey());

    protected override void RevokeCredentials(ChannelHarness<Dialog360Adapter, Dialog360ApiSimulator> harness) => harness.Simulator.RevokeKey(Secret);

    protected override void AnswerNextSendAfter(Dialog360ApiSimulator simulator, TimeSpan delay) =>
        simulator.FailNext(Dialog360ApiSimulator.SendOperation, 1, Dialog360SimulatedFailure.Slow(delay));

    protected override string? LastSentText(Dialog360ApiSimulator simulator) => simulator.Sends[^1].Field("text.body");

    protected override IReadOnlyList<SendStatus> FailSendsAroundTheSecret(Dialog360ApiSimulator simulator)
    {
        simulator.FailNext(Dialog360ApiSimulator.SendOperation, 1, Dialog360SimulatedFailure.ServerError());
        simulator.FailNext(Dialog360ApiSimulator.SendOperation, 1, Dialog360SimulatedFailure.InvalidApiKey());
        simulator.FailNext(Dialog360ApiSimulator.SendOperation, 1, Dialog360SimulatedFailure.Own(400, $"bad request near {Secret}"));
        return [SendStatus.Transient, SendStatus.Unauthorized, SendStatus.Permanent];
    }

    protected override void RefuseNextCredentialTest(Dialog360ApiSimulator simulator) =>
        simulator.FailNext(Dialog360ApiSimulator.WebhookOperation, 1, Dialog360SimulatedFailure.InvalidApiKey());

    protected override void AssertRefusedCredentialTest(CredentialTestResult test) => test.Summary.Should().Be("360dialog refused the API key.");

    protected override void AssertRevokedCredentialTest(CredentialTestResult test)
    {
        test.Summary.Should().Be("360dialog refused the API key.");
        test.Details.Should().Contain("errorCode", UnauthorizedCode);
    }

    protected override void AssertCallsCarriedTheSecretOnlyWhereTheyMust(ChannelHarness<Dialog360Adapter, Dialog360ApiSimulator> harness) =>
        harness.Simulator.Calls.Should().OnlyContain(c => c.ApiKey == Secret && !(c.Query ?? "").Contains(Secret));

    [Fact]
    public async Task Text_goes_to_the_relays_messages_endpoint_with_the_api_key_and_no_number_in_the_path()
    {
        await using var harness = await Dialog360Harness.StartAsync();

        var result = await harness.SendAsync(new TextContent("Your parcel ships today."), inReplyTo: "wamid.THEIRS01");

        result.Status.Should().Be(SendStatus.Sent);
        result.PlatformMessageId.Should().Be("wamid.D360SIM000001");
        var call = harness.Simulator.Sends.Single();
        call.Path.Should().Be("/messages");
        call.ApiKey.Should().Be(Dialog360Harness.ApiKey);
        call.AuthorizationHeaderPresent.Should().BeFalse("360dialog takes the key in D360-API-KEY, not as a Bearer token");
        call.Field("messaging_product").Should().Be("whatsapp");
        call.Field("recipient_type").Should().Be("individual");
        call.Field("to").Should().Be(Dialog360Harness.UserWaId);
        call.Field("type").Should().Be("text");
        call.Field("text.body").Should().Be("Your parcel ships today.");
        call.Field("context.message_id").Should().Be("wamid.THEIRS01");
    }

    [Fact]
    public async Task Rich_content_is_built_by_the_whatsapp_rules_and_accepted_by_the_cloud_api_checks()
    {
        await using var harness = await Dialog360Harness.StartAsync();
        var options = Enumerable.Range(1, 5).Select(i => new InteractiveOption($"opt-{i}", $"Option {i}")).ToList();

        var list = await harness.SendAsync(new InteractiveContent("Pick one", InteractiveStyle.Buttons, [new InteractiveSection(null, options)]));
        var media = await harness.SendAsync(new MediaContent(MediaKind.Document, MediaId: "1482736195038271", Caption: "Invoice", FileName: "invoice.pdf"));
        var split = await harness.SendAsync(new TextContent(new string('x', 5000)));

        list.Should().Match<SendResult>(r => r.Status == SendStatus.Sent && r.Degradations!.Contains("buttons->list"));
        media.Status.Should().Be(SendStatus.Sent);
        split.Degradations.Should().Equal("split into 2 messages");
        var sends = harness.Simulator.Sends;
        sends.Should().HaveCount(4).And.OnlyContain(s => s.StatusCode == 200);
        sends[0].Field("interactive.type").Should().Be("list");
        sends[1].Field("document.id").Should().Be("1482736195038271");
        sends[1].Field("document.filename").Should().Be("invoice.pdf");
    }

    [Fact]
    public async Task The_relays_own_rate_limit_answer_is_transient()
    {
        await using var harness = await Dialog360Harness.StartAsync();
        harness.Simulator.FailNext(Dialog360ApiSimulator.SendOperation, 1, Dialog360SimulatedFailure.EndpointRateLimit());
        harness.Simulator.FailNext(Dialog360ApiSimulator.SendOperation, 1, new Dialog360SimulatedFailure(400,
            new System.Text.Json.Nodes.JsonObject { ["error"] = "You have exceeded the endpoint rate limit" }));

        var metaShape = await harness.SendAsync(new TextContent("a"));
        var errorShape = await harness.SendAsync(new TextContent("b"));

        metaShape.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "rate_limit");
        metaShape.Reason.Should().Contain("endpoint rate limit");
        errorShape.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "rate_limit");
    }

    [Fact]
    public async Task Relayed_cloud_api_errors_map_as_they_do_for_meta()
    {
        await using var harness = await Dialog360Harness.StartAsync();
        harness.Simulator.FailNext(Dialog360ApiSimulator.SendOperation, 1, Dialog360SimulatedFailure.ReEngagement());
        harness.Simulator.FailNext(Dialog360ApiSimulator.SendOperation, 1, Dialog360SimulatedFailure.Throughput());
        harness.Simulator.FailNext(Dialog360ApiSimulator.SendOperation, 1, Dialog360SimulatedFailure.PairRateLimit());
        harness.Simulator.FailNext(Dialog360ApiSimulator.SendOperation, 1, Dialog360SimulatedFailure.ServerError());

        var window = await harness.SendAsync(new TextContent("a"));
        var throughput = await harness.SendAsync(new TextContent("b"));
        var pair = await harness.SendAsync(new TextContent("c"));
        var server = await harness.SendAsync(new TextContent("d"));

        window.Should().Match<SendResult>(r => r.Status == SendStatus.Permanent && r.ErrorCode == SendErrorCodes.OutsideCustomerServiceWindow && r.Reason!.Contains("131047"));
        window.Reason.Should().Contain("24-hour");
        throughput.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "130429");
        pair.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "131056");
        server.Status.Should().Be(SendStatus.Transient);
    }

    [Fact]
    public async Task A_body_the_cloud_api_refuses_is_permanent()
    {
        await using var harness = await Dialog360Harness.StartAsync();

        var result = await harness.SendAsync(new TextContent(""));

        result.Status.Should().Be(SendStatus.Permanent);
        harness.Simulator.Sends.Single().StatusCode.Should().Be(400);
    }
}
