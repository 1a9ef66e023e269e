using System.Text.Json.Nodes;

namespace DaprChannels.Channels.Tests.Telegram;

public class TelegramSenderTests : SenderContract<TelegramAdapter, TelegramApiSimulator>
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

    protected override void AssertRevokedCredentialTest(CredentialTestResult test) =>
        test.Summary.Should().Contain("refused").And.NotContain(TelegramHarness.Token);

    /// <summary>The HttpClient pipeline ran (the simulator saw every call) yet wrote no URL to any logger.</summary>
    protected override void AssertCallsCarriedTheSecretOnlyWhereTheyMust(ChannelHarness<TelegramAdapter, TelegramApiSimulator> harness) =>
        harness.Simulator.CallsTo("sendMessage").Should().HaveCount(3);

    [Fact]
    public async Task Text_goes_to_sendMessage_with_a_numeric_chat_id()
    {
        await using var harness = await TelegramHarness.StartAsync();

        var result = await harness.SendAsync(new TextContent("Your order ships today."));

        result.Status.Should().Be(SendStatus.Sent);
        result.PlatformMessageId.Should().Be("123456789:1");
        result.Degradations.Should().BeEmpty();
        var call = harness.Simulator.CallsTo("sendMessage").Single();
        call.Token.Should().Be(TelegramHarness.Token);
        call.Body["chat_id"]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.Number);
        call.Field("chat_id").Should().Be("123456789");
        call.Field("text").Should().Be("Your order ships today.");
    }

    [Fact]
    public async Task Message_ids_count_per_chat()
    {
        await using var harness = await TelegramHarness.StartAsync();

        (await harness.SendAsync(new TextContent("one"))).PlatformMessageId.Should().Be("123456789:1");
        (await harness.SendAsync(new TextContent("two"))).PlatformMessageId.Should().Be("123456789:2");
        (await harness.SendAsync(new TextContent("other"), address: "-1009876543210")).PlatformMessageId.Should().Be("-1009876543210:1");
    }

    [Fact]
    public async Task Channel_username_goes_as_a_string()
    {
        await using var harness = await TelegramHarness.StartAsync();

        await harness.SendAsync(new TextContent("news"), address: "@acme_news");

        harness.Simulator.CallsTo("sendMessage").Single().Body["chat_id"]!.GetValue<string>().Should().Be("@acme_news");
    }

    [Fact]
    public async Task Reply_reference_becomes_reply_parameters()
    {
        await using var harness = await TelegramHarness.StartAsync();

        await harness.SendAsync(new TextContent("Answering that"), inReplyTo: "123456789:4412");

        var reply = harness.Simulator.CallsTo("sendMessage").Single().Body["reply_parameters"]!;
        reply["message_id"]!.GetValue<long>().Should().Be(4412);
        reply["allow_sending_without_reply"]!.GetValue<bool>().Should().BeTrue();
    }

    [Theory]
    [InlineData(MediaKind.Image, "sendPhoto", "photo")]
    [InlineData(MediaKind.Document, "sendDocument", "document")]
    [InlineData(MediaKind.Video, "sendVideo", "video")]
    [InlineData(MediaKind.Audio, "sendAudio", "audio")]
    [InlineData(MediaKind.Voice, "sendVoice", "voice")]
    public async Task Media_by_url_goes_to_its_method_with_the_caption(MediaKind kind, string method, string field)
    {
        await using var harness = await TelegramHarness.StartAsync();

        var result = await harness.SendAsync(new MediaContent(kind, Url: "https://cdn.example.com/f.bin", Caption: "Here it is"));

        result.Status.Should().Be(SendStatus.Sent);
        result.PlatformMessageId.Should().Be("123456789:1");
        var call = harness.Simulator.CallsTo(method).Single();
        call.Field(field).Should().Be("https://cdn.example.com/f.bin");
        call.Field("caption").Should().Be("Here it is");
    }

    [Fact]
    public async Task Media_by_file_id_is_sent_by_reference_and_stickers_lose_their_caption()
    {
        await using var harness = await TelegramHarness.StartAsync();

        var result = await harness.SendAsync(new MediaContent(MediaKind.Sticker, MediaId: "CAACAgIAAxkBAAIBz-sticker", Caption: "👍"));

        result.Status.Should().Be(SendStatus.Sent);
        result.Degradations.Should().Contain("sticker caption dropped");
        var call = harness.Simulator.CallsTo("sendSticker").Single();
        call.Field("sticker").Should().Be("CAACAgIAAxkBAAIBz-sticker");
        call.Body.ContainsKey("caption").Should().BeFalse();
    }

    [Fact]
    public async Task Caption_longer_than_the_limit_is_truncated_and_recorded()
    {
        await using var harness = await TelegramHarness.StartAsync();

        var result = await harness.SendAsync(new MediaContent(MediaKind.Image, Url: "https://cdn.example.com/p.jpg", Caption: new string('c', 1500)));

        result.Degradations.Should().Contain("caption truncated");
        harness.Simulator.CallsTo("sendPhoto").Single().Field("caption")!.Length.Should().Be(TelegramCapabilities.MaxCaptionLength);
    }

    [Fact]
    public async Task Location_goes_to_sendLocation()
    {
        await using var harness = await TelegramHarness.StartAsync();

        var result = await harness.SendAsync(new LocationContent(-23.561414, -46.655881, "MASP"));

        result.Status.Should().Be(SendStatus.Sent);
        var call = harness.Simulator.CallsTo("sendLocation").Single();
        call.Body["latitude"]!.GetValue<double>().Should().Be(-23.561414);
        call.Body["longitude"]!.GetValue<double>().Should().Be(-46.655881);
    }

    [Fact]
    public async Task First_contact_goes_to_sendContact_and_the_rest_degrade_to_text()
    {
        await using var harness = await TelegramHarness.StartAsync();

        var result = await harness.SendAsync(new ContactsContent([
            new SharedContact("Bruno Costa", ["+5511987654321"]),
            new SharedContact("Carla Dias", ["+5511911112222"], ["carla@example.com"]),
        ]));

        result.Status.Should().Be(SendStatus.Sent);
        result.PlatformMessageId.Should().Be("123456789:1");
        result.Degradations.Should().Contain("contacts beyond the first->text");
        var contact = harness.Simulator.CallsTo("sendContact").Single();
        contact.Field("phone_number").Should().Be("+5511987654321");
        contact.Field("first_name").Should().Be("Bruno Costa");
        var rest = harness.Simulator.CallsTo("sendMessage").Single();
        rest.Field("text").Should().Contain("Carla Dias").And.Contain("+5511911112222").And.Contain("carla@example.com");
    }

    [Fact]
    public async Task Contact_without_a_phone_degrades_to_text()
    {
        await using var harness = await TelegramHarness.StartAsync();

        var result = await harness.SendAsync(new ContactsContent([new SharedContact("Mail only", Emails: ["m@example.com"])]));

        result.Degradations.Should().Contain("contacts->text");
        harness.Simulator.CallsTo("sendContact").Should().BeEmpty();
        harness.Simulator.CallsTo("sendMessage").Single().Field("text").Should().Contain("m@example.com");
    }

    [Fact]
    public async Task Buttons_become_an_inline_keyboard_with_option_ids_as_callback_data()
    {
        await using var harness = await TelegramHarness.StartAsync();

        var result = await harness.SendAsync(new InteractiveContent(
            "Which order?", InteractiveStyle.Buttons,
            [new InteractiveSection(null, [new InteractiveOption("order:1042", "Order #1042"), new InteractiveOption("order:1043", "Order #1043")])],
            Header: "Orders"));

        result.Status.Should().Be(SendStatus.Sent);
        result.Degradations.Should().BeEmpty();
        var call = harness.Simulator.CallsTo("sendMessage").Single();
        call.Field("text").Should().Be("Orders\n\nWhich order?");
        var rows = call.Body["reply_markup"]!["inline_keyboard"]!.AsArray();
        rows.Should().ContainSingle();
        rows[0]!.AsArray().Select(b => (string?)b!["callback_data"]).Should().Equal("order:1042", "order:1043");
        rows[0]!.AsArray().Select(b => (string?)b!["text"]).Should().Equal("Order #1042", "Order #1043");
    }

    [Fact]
    public async Task List_puts_one_button_per_row()
    {
        await using var harness = await TelegramHarness.StartAsync();

        await harness.SendAsync(new InteractiveContent(
            "Pick a store", InteractiveStyle.List,
            [
                new InteractiveSection("North", [new InteractiveOption("s1", "Store 1"), new InteractiveOption("s2", "Store 2")]),
                new InteractiveSection("South", [new InteractiveOption("s3", "Store 3")]),
            ]));

        var rows = harness.Simulator.CallsTo("sendMessage").Single().Body["reply_markup"]!["inline_keyboard"]!.AsArray();
        rows.Should().HaveCount(3);
        rows.Should().AllSatisfy(row => row!.AsArray().Should().ContainSingle());
    }

    [Fact]
    public async Task Option_id_over_64_bytes_degrades_the_choice_to_numbered_text()
    {
        await using var harness = await TelegramHarness.StartAsync();

        var result = await harness.SendAsync(new InteractiveContent(
            "Pick one", InteractiveStyle.Buttons,
            [new InteractiveSection(null, [new InteractiveOption(new string('é', 33), "Long id"), new InteractiveOption("ok", "Short id")])]));

        result.Status.Should().Be(SendStatus.Sent);
        result.Degradations.Should().Contain("interactive->text");
        var call = harness.Simulator.CallsTo("sendMessage").Single();
        call.Body.ContainsKey("reply_markup").Should().BeFalse();
        call.Field("text").Should().Contain("1. Long id").And.Contain("2. Short id");
    }

    [Fact]
    public async Task Reaction_goes_to_setMessageReaction_on_the_target_message()
    {
        await using var harness = await TelegramHarness.StartAsync();

        var result = await harness.SendAsync(new ReactionContent("123456789:4412", "👍"));

        result.Status.Should().Be(SendStatus.Sent);
        result.PlatformMessageId.Should().Be("123456789:4412");
        var call = harness.Simulator.CallsTo("setMessageReaction").Single();
        call.Body["message_id"]!.GetValue<long>().Should().Be(4412);
        call.Body["reaction"]!.ToJsonString().Should().Be("""[{"type":"emoji","emoji":"👍"}]""".Replace("👍", "\\uD83D\\uDC4D"));
    }

    [Fact]
    public async Task Empty_reaction_removes_the_reaction()
    {
        await using var harness = await TelegramHarness.StartAsync();

        await harness.SendAsync(new ReactionContent("123456789:4412", ""));

        harness.Simulator.CallsTo("setMessageReaction").Single().Body["reaction"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Text_longer_than_4096_is_split_not_truncated()
    {
        await using var harness = await TelegramHarness.StartAsync();
        var paragraph = string.Join(' ', Enumerable.Repeat("word", 400));
        var text = string.Join('\n', Enumerable.Repeat(paragraph, 5));

        var result = await harness.SendAsync(new TextContent(text), inReplyTo: "123456789:10");

        result.Status.Should().Be(SendStatus.Sent);
        result.PlatformMessageId.Should().Be("123456789:1");
        var calls = harness.Simulator.CallsTo("sendMessage");
        calls.Should().HaveCountGreaterThan(1);
        calls.Should().AllSatisfy(c => c.Field("text")!.Length.Should().BeLessThanOrEqualTo(4096));
        string.Concat(calls.Select(c => c.Field("text"))).Should().Be(text);
        calls[0].Body.ContainsKey("reply_parameters").Should().BeTrue();
        calls.Skip(1).Should().AllSatisfy(c => c.Body.ContainsKey("reply_parameters").Should().BeFalse());
        result.Degradations.Should().ContainSingle(d => d.StartsWith("split into"));
    }

    [Fact]
    public void Split_never_cuts_a_surrogate_pair()
    {
        var text = new string('a', 9) + "😀" + new string('b', 5);

        var parts = MessageRenderer.SplitText(text, 10);

        string.Concat(parts).Should().Be(text);
        parts.Should().AllSatisfy(p => p.Length.Should().BeLessThanOrEqualTo(10));
        parts.Should().AllSatisfy(p => char.IsHighSurrogate(p[^1]).Should().BeFalse());
    }

    [Fact]
    public async Task Bad_request_is_permanent_with_code_and_description()
    {
        await using var harness = await TelegramHarness.StartAsync();
        harness.Simulator.FailNext("sendMessage", 1, TelegramSimulatedFailure.BadRequest("Bad Request: chat not found"));

        var result = await harness.SendAsync(new TextContent("hello"));

        result.Status.Should().Be(SendStatus.Permanent);
        result.ErrorCode.Should().Be("400");
        result.Reason.Should().Be("Bad Request: chat not found");
    }

    [Fact]
    public async Task Blocked_by_the_user_is_permanent()
    {
        await using var harness = await TelegramHarness.StartAsync();
        harness.Simulator.FailNext("sendMessage", 1, TelegramSimulatedFailure.Forbidden());

        (await harness.SendAsync(new TextContent("hello"))).Status.Should().Be(SendStatus.Permanent);
    }

    [Fact]
    public async Task Server_error_is_transient_and_the_next_try_succeeds()
    {
        await using var harness = await TelegramHarness.StartAsync();
        harness.Simulator.FailNext("sendMessage", 1, TelegramSimulatedFailure.ServerError());

        (await harness.SendAsync(new TextContent("hello"))).Status.Should().Be(SendStatus.Transient);
        (await harness.SendAsync(new TextContent("hello"))).Status.Should().Be(SendStatus.Sent);
    }

    [Fact]
    public async Task Malformed_token_never_reaches_a_url()
    {
        await using var harness = await TelegramHarness.StartAsync();
        var adapter = harness.Adapter;
        var integration = TelegramHarness.Integrate("123:abc/../../getMe?x=");

        var result = await adapter.SendAsync(TelegramHarness.Outbound(new TextContent("x")), integration, CancellationToken.None);

        result.Status.Should().Be(SendStatus.Unauthorized);
        harness.Simulator.Calls.Should().BeEmpty();
    }
}
