namespace DaprChannels.Channels.Tests.Dialog360;

/// <summary>360dialog answering as the sender contract needs: its own error shape for its own refusals, the API key in a header.</summary>
public sealed class Dialog360SenderContractTests : SenderContract<Dialog360Adapter, Dialog360ApiSimulator>
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

    protected override void AssertCallsCarriedTheSecretOnlyWhereTheyMust(ChannelHarness<Dialog360Adapter, Dialog360ApiSimulator> harness) =>
        harness.Simulator.Calls.Should().OnlyContain(c => c.ApiKey == Secret && !(c.Query ?? "").Contains(Secret));
}
