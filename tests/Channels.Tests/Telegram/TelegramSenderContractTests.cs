namespace DaprChannels.Channels.Tests.Telegram;

/// <summary>
/// The Bot API answering as the sender contract needs. The bot token is part of every Bot API URL by design,
/// so what must stay out of results and logs is its secret part, and the HttpClient must log no URL.
/// </summary>
public sealed class TelegramSenderContractTests : SenderContract<TelegramAdapter, TelegramApiSimulator>
{
    protected override string Secret => TelegramHarness.TokenSecret;

    protected override string TooManyRequestsCode => "429";

    protected override string UnauthorizedCode => "401";

    protected override Task<ChannelHarness<TelegramAdapter, TelegramApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null) =>
        TelegramHarness.StartAsync(baseUrl, requestTimeout);

    protected override void AnswerNextSendTooManyRequests(TelegramApiSimulator simulator, int seconds) =>
        simulator.FailNext("sendMessage", 1, TelegramSimulatedFailure.RateLimited(seconds));

    /// <summary>The Bot API answers 401 Unauthorized for a token it does not know.</summary>
    protected override void RefuseNextSendCredentials(TelegramApiSimulator simulator) =>
        simulator.FailNext("sendMessage", 1, new TelegramSimulatedFailure(401, "Unauthorized"));

    protected override void RevokeCredentials(ChannelHarness<TelegramAdapter, TelegramApiSimulator> harness) => harness.Simulator.RemoveBot(TelegramHarness.Token);

    protected override void AnswerNextSendAfter(TelegramApiSimulator simulator, TimeSpan delay) =>
        simulator.FailNext("sendMessage", 1, TelegramSimulatedFailure.Slow(delay));

    protected override string? LastSentText(TelegramApiSimulator simulator) => simulator.CallsTo("sendMessage")[^1].Field("text");

    protected override IReadOnlyList<SendStatus> FailSendsAroundTheSecret(TelegramApiSimulator simulator)
    {
        simulator.FailNext("sendMessage", 1, TelegramSimulatedFailure.ServerError());
        simulator.FailNext("sendMessage", 1, TelegramSimulatedFailure.BadRequest());
        return [SendStatus.Transient, SendStatus.Permanent];
    }

    /// <summary>The HttpClient pipeline ran (the simulator saw every call) yet wrote no URL to any logger.</summary>
    protected override void AssertCallsCarriedTheSecretOnlyWhereTheyMust(ChannelHarness<TelegramAdapter, TelegramApiSimulator> harness) =>
        harness.Simulator.CallsTo("sendMessage").Should().HaveCount(3);
}
