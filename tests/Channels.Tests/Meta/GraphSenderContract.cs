namespace DaprChannels.Channels.Tests.Meta;

/// <summary>
/// The sender contract for the platforms Meta's Graph API serves (WhatsApp Cloud API, Messenger, Instagram):
/// they share its error shapes (code 4 for the app's rate limit, 190 for a dead token) and its Bearer header.
/// </summary>
public abstract class GraphSenderContract<TAdapter> : SenderContract<TAdapter, GraphApiSimulator>
    where TAdapter : class, IInboundChannel, IOutboundChannel, IChannelLifecycle
{
    /// <summary>Where the text of a sent message stands in the Send API's body.</summary>
    protected abstract string TextField { get; }

    protected override string TooManyRequestsCode => "4";

    protected override string UnauthorizedCode => "190";

    protected override int? MaskedReasonAt => 2;

    protected override bool TestsCredentialsAfterFailures => true;

    protected override void AnswerNextSendTooManyRequests(GraphApiSimulator simulator, int seconds) =>
        simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.TooManyRequests(seconds));

    protected override void RefuseNextSendCredentials(GraphApiSimulator simulator) =>
        simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.InvalidToken());

    protected override void RevokeCredentials(ChannelHarness<TAdapter, GraphApiSimulator> harness) => harness.Simulator.RevokeToken(Secret);

    protected override void AnswerNextSendAfter(GraphApiSimulator simulator, TimeSpan delay) =>
        simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.Slow(delay));

    protected override string? LastSentText(GraphApiSimulator simulator) => simulator.Sends[^1].Field(TextField);

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
}
