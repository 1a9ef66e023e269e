using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.Messenger;

public class MessengerSenderTests() : GraphSenderContract<MessengerAdapter>(MessengerHarness.PageAccessToken,
    new GraphSendAccount($"/{MessengerHarness.ApiVersion}/{MessengerHarness.PageId}/messages", "message.text", 2000, "m_SIM000001", MessengerCredentials.PageId,
        GraphSimulatedFailure.OutsideMessagingWindow(), $"/{MessengerHarness.ApiVersion}/me?fields=id,name"),
    (baseUrl, requestTimeout) => MessengerHarness.StartAsync(baseUrl, requestTimeout))
{
    /// <summary>The Page the token belongs to, by id and name.</summary>
    protected override void AssertAccountReported(CredentialTestResult result)
    {
        result.Summary.Should().Contain(MessengerHarness.PageName);
        result.Details.Should().Contain("pageId", MessengerHarness.PageId).And.Contain("pageName", MessengerHarness.PageName);
    }

    /// <summary>A reply to the user's PSID, sent as a response within the messaging window, in no Cloud API envelope.</summary>
    protected override void AssertTextEnvelope(GraphApiCall call)
    {
        call.Query.Should().BeNullOrEmpty();
        call.Field("recipient.id").Should().Be(MessengerHarness.UserPsid);
        call.Field("messaging_type").Should().Be("RESPONSE");
        call.Node("messaging_product").Should().BeNull();
    }

    [Theory]
    [InlineData(MediaKind.Image, "image")]
    [InlineData(MediaKind.Video, "video")]
    [InlineData(MediaKind.Audio, "audio")]
    [InlineData(MediaKind.Voice, "audio")]
    [InlineData(MediaKind.Document, "file")]
    public async Task Media_goes_as_an_attachment_by_url(MediaKind kind, string type)
    {
        await using var harness = await MessengerHarness.StartAsync();

        var result = await harness.SendAsync(new MediaContent(kind, Url: "https://cdn.example.com/f.bin"));

        result.Status.Should().Be(SendStatus.Sent);
        result.Degradations.Should().BeEmpty();
        var call = harness.Simulator.Sends.Single();
        call.Field("message.attachment.type").Should().Be(type);
        call.Field("message.attachment.payload.url").Should().Be("https://cdn.example.com/f.bin");
        call.Node("message.text").Should().BeNull();
    }

    [Fact]
    public async Task A_caption_follows_the_attachment_as_text_and_a_sticker_goes_as_an_image()
    {
        await using var harness = await MessengerHarness.StartAsync();

        var result = await harness.SendAsync(new MediaContent(MediaKind.Sticker, Url: "https://cdn.example.com/s.png", Caption: "Here it is"));

        result.Status.Should().Be(SendStatus.Sent);
        result.PlatformMessageId.Should().Be("m_SIM000001");
        result.Degradations.Should().Equal("sticker->image", "caption sent separately");
        var sends = harness.Simulator.Sends;
        sends.Select(s => s.Field("message.attachment.type")).Should().Equal("image", null);
        sends[1].Field("message.text").Should().Be("Here it is");
    }

    [Fact]
    public async Task Media_by_id_only_degrades_to_text()
    {
        await using var harness = await MessengerHarness.StartAsync();

        var result = await harness.SendAsync(new MediaContent(MediaKind.Document, MediaId: "12345", FileName: "invoice.pdf"));

        result.Degradations.Should().Equal("media->text");
        harness.Simulator.Sends.Single().Field("message.text").Should().Be("[document: invoice.pdf]");
    }

    [Fact]
    public async Task Buttons_go_as_quick_replies_with_header_and_footer_in_the_text()
    {
        await using var harness = await MessengerHarness.StartAsync();

        var result = await harness.SendAsync(Choice(InteractiveStyle.Buttons, 3, "Support", "Reply any time"));

        result.Status.Should().Be(SendStatus.Sent);
        result.Degradations.Should().BeEmpty();
        var call = harness.Simulator.Sends.Single();
        call.Field("message.text").Should().Be("Support\n\nHow can we help?\n\nReply any time");
        var replies = call.Node("message.quick_replies")!.AsArray();
        replies.Select(r => (string?)r!["content_type"]).Should().OnlyContain(t => t == "text");
        replies.Select(r => (string?)r!["payload"]).Should().Equal("opt-1", "opt-2", "opt-3");
        replies.Select(r => (string?)r!["title"]).Should().Equal("Option 1", "Option 2", "Option 3");
    }

    [Fact]
    public async Task Thirteen_quick_replies_fit_and_long_titles_are_cut_to_20()
    {
        await using var harness = await MessengerHarness.StartAsync();
        var choice = new InteractiveContent("Pick one", InteractiveStyle.Buttons,
            [new InteractiveSection(null, [.. Enumerable.Range(1, 12).Select(i => new InteractiveOption($"o{i}", $"O{i}")), new InteractiveOption("long", "A title far longer than twenty")])]);

        var result = await harness.SendAsync(choice);

        result.Status.Should().Be(SendStatus.Sent);
        result.Degradations.Should().Equal("quick reply titles truncated");
        var replies = harness.Simulator.Sends.Single().Node("message.quick_replies")!.AsArray();
        replies.Should().HaveCount(13);
        ((string?)replies[12]!["title"]).Should().HaveLength(20).And.EndWith("…");
    }

    [Fact]
    public async Task Fourteen_buttons_and_lists_go_as_numbered_text()
    {
        await using var harness = await MessengerHarness.StartAsync();

        var buttons = await harness.SendAsync(Choice(InteractiveStyle.Buttons, 14));
        var list = await harness.SendAsync(Choice(InteractiveStyle.List, 3));

        buttons.Degradations.Should().Equal("interactive->text");
        list.Degradations.Should().Equal("interactive->text");
        var sends = harness.Simulator.Sends;
        sends.Should().OnlyContain(s => s.Node("message.quick_replies") == null);
        sends[0].Field("message.text").Should().Contain("14. Option 14");
        sends[1].Field("message.text").Should().Be("How can we help?\n\n1. Option 1\n2. Option 2\n3. Option 3");
    }

    [Fact]
    public async Task Reaction_is_a_react_sender_action_and_removal_an_unreact()
    {
        await using var harness = await MessengerHarness.StartAsync();

        var react = await harness.SendAsync(new ReactionContent("m_THEIRS01", "\U0001F44D"));
        var unreact = await harness.SendAsync(new ReactionContent("m_THEIRS01", ""));

        react.Status.Should().Be(SendStatus.Sent);
        unreact.Status.Should().Be(SendStatus.Sent);
        var sends = harness.Simulator.Sends;
        sends[0].Field("sender_action").Should().Be("react");
        sends[0].Field("payload.message_id").Should().Be("m_THEIRS01");
        sends[0].Field("payload.reaction").Should().Be("\U0001F44D");
        sends[0].Node("message").Should().BeNull();
        sends[1].Field("sender_action").Should().Be("unreact");
        sends[1].Node("payload.reaction").Should().BeNull();
    }

    [Fact]
    public async Task Location_contacts_and_unsupported_content_degrade_to_text()
    {
        await using var harness = await MessengerHarness.StartAsync();

        var location = await harness.SendAsync(new LocationContent(52.520008, 13.404954, "Store"));
        var contacts = await harness.SendAsync(new ContactsContent([new SharedContact("Barbara Johnson", ["+19405551234"])]));
        var unsupported = await harness.SendAsync(new UnsupportedContent("poll", "A poll"));

        location.Degradations.Should().Equal("location->text");
        contacts.Degradations.Should().Equal("contacts->text");
        unsupported.Degradations.Should().Equal("unsupported->text");
        harness.Simulator.Sends.Select(s => s.Field("message.text")).Should().Equal(
            "Store\nhttps://maps.google.com/?q=52.520008,13.404954", "Barbara Johnson\n  +19405551234", "A poll");
    }

    [Fact]
    public async Task Empty_text_is_not_sent()
    {
        await using var harness = await MessengerHarness.StartAsync();

        var result = await harness.SendAsync(new TextContent(""));

        result.Should().Match<SendResult>(r => r.Status == SendStatus.Permanent && r.ErrorCode == "empty");
        harness.Simulator.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Rate_limits_613_80006_and_4_are_transient()
    {
        await using var harness = await MessengerHarness.StartAsync();
        harness.Simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.CallsExceeded());
        harness.Simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.MessengerPairRateLimit());
        harness.Simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.TooManyRequests(17));

        var calls = await harness.SendAsync(new TextContent("a"));
        var pair = await harness.SendAsync(new TextContent("b"));
        var app = await harness.SendAsync(new TextContent("c"));

        calls.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "613");
        pair.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "80006");
        app.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "4" && r.RetryAfter == TimeSpan.FromSeconds(17));
    }
}
