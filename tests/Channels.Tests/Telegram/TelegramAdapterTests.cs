namespace DaprChannels.Channels.Tests.Telegram;

public class TelegramAdapterTests
{
    [Fact]
    public async Task GetMe_with_a_valid_token_reports_the_bot()
    {
        await using var harness = await TelegramHarness.StartAsync();

        var result = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);

        result.Ok.Should().BeTrue();
        result.Details.Should().Contain("username", "acme_support_bot").And.Contain("botId", "7000000001");
    }

    [Fact]
    public async Task SetWebhook_sends_url_secret_allowed_updates_and_keeps_pending_updates()
    {
        await using var harness = await TelegramHarness.StartAsync();
        var url = new Uri("https://hooks.example.com/webhooks/telegram/int-1");

        var result = await harness.Adapter.RegisterWebhookAsync(harness.Integration, url, CancellationToken.None);

        result.Ok.Should().BeTrue();
        result.Summary.Should().Be("Webhook was set");
        var body = harness.Simulator.CallsTo("setWebhook").Single().Body;
        ((string?)body["url"]).Should().Be(url.AbsoluteUri);
        ((string?)body["secret_token"]).Should().Be(TelegramHarness.SecretToken);
        ((bool?)body["drop_pending_updates"]).Should().BeFalse();
        body["allowed_updates"]!.AsArray().Select(n => (string?)n).Should().Contain(["message", "callback_query", "my_chat_member"]);
        harness.Simulator.WebhookOf(TelegramHarness.Token).Should().NotBeNull();
    }

    [Fact]
    public async Task SetWebhook_uses_the_configured_update_kinds()
    {
        await using var harness = await TelegramHarness.StartAsync();
        var integration = TelegramHarness.Integrate(TelegramHarness.Token, new Dictionary<string, string> { ["allowedUpdates"] = "message, callback_query" });

        await harness.Adapter.RegisterWebhookAsync(integration, new Uri("https://hooks.example.com/t"), CancellationToken.None);

        harness.Simulator.CallsTo("setWebhook").Single().Body["allowed_updates"]!.AsArray().Select(n => (string?)n)
            .Should().Equal("message", "callback_query");
    }

    [Fact]
    public async Task SetWebhook_failure_is_reported()
    {
        await using var harness = await TelegramHarness.StartAsync();
        harness.Simulator.FailNext("setWebhook", 1, TelegramSimulatedFailure.BadRequest("Bad Request: bad webhook: HTTPS url must be provided for webhook"));

        var result = await harness.Adapter.RegisterWebhookAsync(harness.Integration, new Uri("https://hooks.example.com/t"), CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Summary.Should().Contain("HTTPS url must be provided");
        result.Details.Should().Contain("errorCode", "400");
    }

    [Fact]
    public async Task A_button_press_is_acknowledged_with_answerCallbackQuery_and_its_id()
    {
        await using var harness = await TelegramHarness.StartAsync();
        var press = (InteractiveReplyContent)harness.Adapter.Parse(SamplePayloads.Telegram.Delivery("callback_query"), harness.Integration).Messages.Single().Content;

        var result = await harness.Adapter.AcknowledgeInteractionAsync(harness.Integration, press.CallbackId!, CancellationToken.None);

        result.Status.Should().Be(SendStatus.Sent);
        var call = harness.Simulator.CallsTo("answerCallbackQuery").Should().ContainSingle().Subject;
        call.Token.Should().Be(TelegramHarness.Token);
        call.Field("callback_query_id").Should().Be("4382bfdwdsb323b2d9");
        call.Body.Select(p => p.Key).Should().Equal("callback_query_id");
        harness.Simulator.CallsTo("sendMessage").Should().BeEmpty("the acknowledgement shows nothing in the chat");
    }

    [Fact]
    public async Task An_acknowledgement_telegram_refuses_as_too_late_is_a_permanent_failure()
    {
        await using var harness = await TelegramHarness.StartAsync();
        harness.Simulator.FailNext("answerCallbackQuery", 1,
            TelegramSimulatedFailure.BadRequest("Bad Request: query is too old and response timeout expired or query ID is invalid"));

        var result = await harness.Adapter.AcknowledgeInteractionAsync(harness.Integration, "4382bfdwdsb323b2d9", CancellationToken.None);

        result.Status.Should().Be(SendStatus.Permanent);
        result.Reason.Should().Contain("query is too old");
    }

    [Fact]
    public async Task Tokens_do_not_expire_so_refresh_is_not_applicable()
    {
        var adapter = new TelegramAdapter(null!);

        var result = await adapter.RefreshCredentialsAsync(TelegramHarness.Integrate(TelegramHarness.Token), CancellationToken.None);

        result.Refreshed.Should().BeFalse();
        result.Summary.Should().Contain("not applicable");
    }

    [Fact]
    public void Telegram_has_no_handshake()
    {
        var adapter = new TelegramAdapter(null!);
        var request = new WebhookRequest("GET", new Uri("https://x.example/"), new Dictionary<string, string>(), new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty);

        adapter.Handshake(request, TelegramHarness.Integrate(TelegramHarness.Token)).Should().Be(WebhookHandshake.NotSupported);
    }

    [Fact]
    public void Descriptor_and_capabilities_say_what_the_platform_is()
    {
        var adapter = new TelegramAdapter(null!);

        adapter.Descriptor.Platform.Should().Be(Platforms.Telegram);
        adapter.Descriptor.CredentialFields.Should().ContainSingle(f => f.Required).Which.Name.Should().Be("botToken");
        adapter.Capabilities.DeliveryReceipts.Should().BeFalse();
        adapter.Capabilities.CanRegisterWebhook.Should().BeTrue();
        adapter.Capabilities.AcknowledgeInteractions.Should().BeTrue("a pressed inline button loads until answerCallbackQuery");
    }
}
