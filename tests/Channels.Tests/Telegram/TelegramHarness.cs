namespace DaprChannels.Channels.Tests.Telegram;

/// <summary>The Telegram setup of the channel harness: a bot on the Bot API simulator.</summary>
public static class TelegramHarness
{
    public const string Token = "7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    public const string SecretToken = "s3cr3t_Webhook-Token_0123456789ab";
    public const string ChatId = "123456789";

    /// <summary>The part of the bot token after the colon, secret on its own.</summary>
    public static readonly string TokenSecret = Token[(Token.IndexOf(':') + 1)..];

    public static ChannelIntegration Integrate(string token, IReadOnlyDictionary<string, string>? config = null) =>
        new("int-1", "tenant-1", Platforms.Telegram, config ?? new Dictionary<string, string>(),
            new Dictionary<string, string> { ["botToken"] = token, ["secretToken"] = SecretToken });

    /// <param name="baseUrl">Overrides the simulator's address (to aim at a closed port).</param>
    /// <param name="settings">More configuration, e.g. a lower size limit for media.</param>
    public static async Task<ChannelHarness<TelegramAdapter, TelegramApiSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var simulator = await TelegramApiSimulator.StartAsync();
        simulator.AddBot(Token, "acme_support_bot");
        return ChannelHarness.Start<TelegramAdapter, TelegramApiSimulator>(simulator, Integrate(Token), ChatId,
            ChannelHarness.Endpoint("Telegram", baseUrl ?? simulator.BaseUrl, requestTimeout), settings ?? new Dictionary<string, string?>());
    }

    public static OutboundMessageRequested Outbound(MessageContent content, string address = ChatId, string? inReplyTo = null) =>
        ChannelHarness.Outbound(Integrate(Token), content, address, inReplyTo);
}
