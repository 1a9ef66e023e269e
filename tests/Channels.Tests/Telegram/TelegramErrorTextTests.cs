namespace DaprChannels.Channels.Tests.Telegram;

/// <summary>The Bot API quoting the bot token in an error text: no reason, summary, detail or log line carries it on.</summary>
public sealed class TelegramErrorTextTests
{
    private static readonly string TokenSecret = TelegramHarness.TokenSecret;

    [Fact]
    public async Task A_failed_send_gives_a_reason_without_the_token()
    {
        await using var harness = await TelegramHarness.StartAsync();
        harness.Simulator.FailNext("sendMessage", 1, TelegramSimulatedFailure.EchoingToken());

        var result = await harness.SendAsync(new TextContent("hi"));

        result.Status.Should().Be(SendStatus.Permanent);
        result.Reason.Should().StartWith("Bad Request: can't parse request").And.Contain(SecretText.Mask);
        ShouldHold(harness, result.Reason);
    }

    [Fact]
    public async Task A_failed_connection_test_gives_a_summary_and_details_without_the_token()
    {
        await using var harness = await TelegramHarness.StartAsync();
        harness.Simulator.FailNext("getMe", 1, TelegramSimulatedFailure.EchoingToken(500));

        var result = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Summary.Should().Contain("can't parse request");
        ShouldHold(harness, result.Summary);
        ShouldHold(harness, string.Join(' ', result.Details?.Values ?? []));
    }

    [Fact]
    public async Task A_refused_webhook_registration_gives_a_summary_without_the_token()
    {
        await using var harness = await TelegramHarness.StartAsync();
        harness.Simulator.FailNext("setWebhook", 1, TelegramSimulatedFailure.EchoingToken());

        var result = await harness.Adapter.RegisterWebhookAsync(harness.Integration, new Uri("https://hooks.example.com/t"), CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Summary.Should().Contain("setWebhook failed");
        ShouldHold(harness, result.Summary);
        ShouldHold(harness, string.Join(' ', result.Details?.Values ?? []));
    }

    [Fact]
    public async Task Failed_signals_and_file_lookups_give_reasons_without_the_token()
    {
        await using var harness = await TelegramHarness.StartAsync();
        harness.Simulator.FailNext("sendChatAction", 1, TelegramSimulatedFailure.EchoingToken());
        harness.Simulator.FailNext("answerCallbackQuery", 1, TelegramSimulatedFailure.EchoingToken());
        harness.Simulator.FailNext("getFile", 1, TelegramSimulatedFailure.EchoingToken(502));

        var typing = await harness.Adapter.ShowTypingAsync(harness.Integration, TelegramHarness.ChatId, null, CancellationToken.None);
        var acknowledged = await harness.Adapter.AcknowledgeInteractionAsync(harness.Integration, "4382bfdwdsb323b2d9", CancellationToken.None);
        await using var media = await harness.Adapter.FetchMediaAsync(harness.Integration, "BQACAgIAAxkBAAIBZ2Echo", CancellationToken.None);

        typing.Status.Should().Be(SendStatus.Permanent);
        acknowledged.Status.Should().Be(SendStatus.Permanent);
        media.Status.Should().Be(MediaFetchStatus.Transient);
        foreach (var reason in new[] { typing.Reason, acknowledged.Reason, media.Reason })
        {
            reason.Should().Contain(SecretText.Mask);
            ShouldHold(harness, reason);
        }
    }

    [Fact]
    public void The_whole_token_and_its_secret_part_alone_are_scrubbed()
    {
        var text = $"bot{TelegramHarness.Token}/getMe failed; secret {TokenSecret}; bot id 7000000001 stays";

        var scrubbed = TelegramCredentials.Scrub(text, TelegramHarness.Token);

        scrubbed.Should().Be("bot***/getMe failed; secret ***; bot id 7000000001 stays");
        TelegramCredentials.Scrub(null, TelegramHarness.Token).Should().BeNull();
        TelegramCredentials.Scrub("no token here", null).Should().Be("no token here");
    }

    /// <summary>The text, and every log line written meanwhile, hold neither the token nor its secret part.</summary>
    private static void ShouldHold(ChannelHarness<TelegramAdapter, TelegramApiSimulator> harness, string? text)
    {
        text.Should().NotContain(TelegramHarness.Token).And.NotContain(TokenSecret);
        harness.Logs.Lines.Should().NotContain(line => line.Contains(TokenSecret));
    }
}
