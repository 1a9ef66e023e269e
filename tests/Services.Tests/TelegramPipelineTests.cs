using DaprChannels.Dispatcher;
using DaprChannels.Dispatcher.Sending;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Services.Tests;

/// <summary>Telegram through the whole pipeline in one host, with the platform misbehaving in documented ways.</summary>
public sealed class TelegramPipelineTests : GatewayTest
{
    private TelegramApiSimulator _telegram = null!;
    private string _integrationId = null!;

    protected override async Task StartPlatformsAsync()
    {
        _telegram = await StartTelegramAsync("pipeline_bot");
        Settings["BuildingBlocks:Embedded:MaxDeliveryAttempts"] = "5";
    }

    protected override async Task ArrangeAsync()
    {
        var connected = await ConnectTelegramAsync();
        connected.Outcome.GetProperty("details").ToString().Should().Contain("pipeline_bot");
        _integrationId = connected.Id;
    }

    [Fact]
    public async Task A_rate_limited_send_is_retried_and_sent_once()
    {
        _telegram.FailNext("sendMessage", 2, TelegramSimulatedFailure.RateLimited(1));
        await PostUpdateAsync(1, 700, "slow down");

        var calls = await _telegram.WaitForCallsAsync("sendMessage", 3, TimeSpan.FromSeconds(20));
        calls.Select(c => c.StatusCode).Should().Equal(429, 429, 200);
        await Task.Delay(300);
        _telegram.CallsTo("sendMessage").Count(c => c.StatusCode == 200).Should().Be(1);
    }

    [Fact]
    public async Task A_refused_bot_token_marks_the_integration_as_needing_reauthorization()
    {
        _telegram.RemoveBot(TelegramBotToken);
        await PostUpdateAsync(2, 701, "anyone there?");
        await _telegram.WaitForCallsAsync("sendMessage", 1, TimeSpan.FromSeconds(15));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        string? status = null;
        while (DateTime.UtcNow < deadline && status != "needsReauthorization")
        {
            status = (await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{_integrationId}")).GetProperty("status").GetString();
            await Task.Delay(100);
        }

        status.Should().Be("needsReauthorization");
        _telegram.CallsTo("sendMessage").Should().HaveCount(1, "an auth failure is not retried");
    }

    [Fact]
    public async Task A_permanent_refusal_is_recorded_as_failed_and_not_retried()
    {
        _telegram.FailNext("sendMessage", 1, TelegramSimulatedFailure.Forbidden());
        await PostUpdateAsync(3, 702, "blocked");
        await _telegram.WaitForCallsAsync("sendMessage", 1, TimeSpan.FromSeconds(15));

        var state = Host.Service<IStateStore>();
        OutboundSendRecord? record = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (record is null && DateTime.UtcNow < deadline)
        {
            record = await FindSendRecordAsync(state);
            await Task.Delay(100);
        }

        record.Should().NotBeNull();
        record!.Status.Should().Be(Contracts.Messages.DeliveryStatus.Failed);
        record.ErrorCode.Should().Be("403");
        await Task.Delay(500);
        _telegram.CallsTo("sendMessage").Should().HaveCount(1);
    }

    [Fact]
    public async Task A_button_press_is_acknowledged_once_with_its_callback_id_and_answered()
    {
        await PostCallbackQueryAsync(4, 703, "cbq-4382bfdwdsb323b2d9", "help");

        var acknowledged = await _telegram.WaitForCallsAsync("answerCallbackQuery", 1, TimeSpan.FromSeconds(15));
        var replies = await _telegram.WaitForCallsAsync("sendMessage", 1, TimeSpan.FromSeconds(15));
        await Task.Delay(500);

        acknowledged.Should().ContainSingle().Which.Field("callback_query_id").Should().Be("cbq-4382bfdwdsb323b2d9");
        acknowledged[0].StatusCode.Should().Be(200);
        _telegram.CallsTo("answerCallbackQuery").Should().HaveCount(1);
        replies.Should().ContainSingle().Which.Field("chat_id").Should().Be("703");
        replies[0].Field("text").Should().Contain("menu", "the rules bot answers the 'help' button");
    }

    [Fact]
    public async Task A_button_press_nobody_answers_is_still_acknowledged()
    {
        // A person has the conversation: the bot stays quiet, the button must still stop loading.
        await Host.TakeOverAsync(_integrationId, "704");

        await PostCallbackQueryAsync(5, 704, "cbq-nobody-answers", "help");

        (await _telegram.WaitForCallsAsync("answerCallbackQuery", 1, TimeSpan.FromSeconds(15)))
            .Should().ContainSingle().Which.Field("callback_query_id").Should().Be("cbq-nobody-answers");
        await Task.Delay(700);
        _telegram.CallsTo("sendMessage").Should().BeEmpty();
    }

    [Fact]
    public async Task A_late_acknowledgement_is_still_sent_where_a_late_typing_indicator_is_skipped()
    {
        var publisher = Host.Service<IEventPublisher>();
        var minuteAgo = DateTimeOffset.UtcNow.AddMinutes(-1);
        ConversationActionRequested Signal(string id, ConversationActionKind kind, string? callbackId) => new(
            id, minuteAgo, "tenant", _integrationId, Platforms.Telegram, "conv", "705", kind, "705:1", callbackId);

        await publisher.PublishAsync(ConversationActionRequested.Topic, Signal("act_late_typing", ConversationActionKind.Typing, null));
        await publisher.PublishAsync(ConversationActionRequested.Topic, Signal("act_late_ack", ConversationActionKind.AcknowledgeInteraction, "cbq-late"));

        (await _telegram.WaitForCallsAsync("answerCallbackQuery", 1, TimeSpan.FromSeconds(10)))
            .Should().ContainSingle().Which.Field("callback_query_id").Should().Be("cbq-late");
        await Task.Delay(500);
        _telegram.CallsTo("sendChatAction").Should().BeEmpty("a typing indicator a minute late would be wrong");
    }

    [Fact]
    public async Task A_bot_api_error_quoting_the_token_reaches_no_log_stored_record_or_api_answer()
    {
        var secretPart = TelegramBotToken[(TelegramBotToken.IndexOf(':') + 1)..];
        var logs = new CapturingLoggerProvider();
        Host.Service<ILoggerFactory>().AddProvider(logs);
        _telegram.FailNext("sendMessage", 1, TelegramSimulatedFailure.EchoingToken());
        _telegram.FailNext("getMe", 1, TelegramSimulatedFailure.EchoingToken());

        await PostUpdateAsync(3, 702, "hello");
        await _telegram.WaitForCallsAsync("sendMessage", 1, TimeSpan.FromSeconds(15));
        var record = await WaitForSendRecordAsync();
        var testAnswer = (await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{_integrationId}/test")).GetRawText();
        var view = await Owner.GetStringAsync($"/api/v1/integrations/{_integrationId}");

        record.Status.Should().Be(Contracts.Messages.DeliveryStatus.Failed);
        record.ErrorReason.Should().Contain("can't parse request").And.NotContain(secretPart);
        testAnswer.Should().Contain("can't parse request").And.NotContain(secretPart);
        view.Should().Contain("can't parse request", "the failed test is kept on the integration").And.NotContain(secretPart);
        logs.Lines.Should().Contain(l => l.Contains("can't parse request"), "the failed send is logged")
            .And.NotContain(l => l.Contains(secretPart));
        foreach (var file in Directory.GetFiles(Host.DataDirectory, "*.db*", SearchOption.AllDirectories))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            copy.ToArray().AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secretPart)).Should().Be(-1, $"{Path.GetFileName(file)} holds no bot token");
        }
    }

    private async Task<OutboundSendRecord> WaitForSendRecordAsync()
    {
        var state = Host.Service<IStateStore>();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (await FindSendRecordAsync(state) is { } record)
            {
                return record;
            }
        }

        throw new TimeoutException("The send was not recorded in time.");
    }

    private async Task<OutboundSendRecord?> FindSendRecordAsync(IStateStore state)
    {
        // The reply's outbound id follows from the inbound event, which follows from the update.
        var inboundId = BuildingBlocks.StableId.From("in_", _integrationId, "702:702");
        var outboundId = BuildingBlocks.StableId.From("out_", inboundId, "0");
        return (await state.GetAsync<OutboundSendRecord>(DispatcherStateKeys.OutboundSend(outboundId)))?.Value;
    }

    /// <summary>A press of an inline button under the bot's message 9 in a private chat.</summary>
    private async Task PostCallbackQueryAsync(int updateId, long chatId, string callbackQueryId, string data)
    {
        using var request = TelegramInbound.Delivery(_integrationId, JsonContent.Create(new
        {
            update_id = updateId,
            callback_query = new
            {
                id = callbackQueryId,
                from = new { id = chatId, is_bot = false, first_name = "Ada" },
                message = new
                {
                    message_id = 9, date = 1_700_000_000, text = "How can I help?",
                    from = new { id = 123456789, is_bot = true, first_name = "Bot", username = "pipeline_bot" },
                    chat = new { id = chatId, type = "private" },
                    reply_markup = new { inline_keyboard = new[] { new[] { new { text = "Help", callback_data = data } } } },
                },
                chat_instance = "-8912731233415267",
                data,
            },
        }));
        using var response = await Host.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task PostUpdateAsync(int updateId, long chatId, string text)
    {
        using var request = TelegramInbound.Text(_integrationId, updateId, chatId, text, messageId: chatId);
        using var response = await Host.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
