using System.Text.Json.Nodes;
using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.WhatsApp;

public class WhatsAppSenderTests() : GraphSenderContract<WhatsAppAdapter>(WhatsAppHarness.AccessToken,
    new GraphSendAccount($"/{WhatsAppHarness.ApiVersion}/{WhatsAppHarness.PhoneNumberId}/messages", "text.body", 4096, "wamid.SIM000001", WhatsAppCredentials.PhoneNumberId,
        GraphSimulatedFailure.ReEngagement(), $"/{WhatsAppHarness.ApiVersion}/{WhatsAppHarness.PhoneNumberId}?fields=display_phone_number,verified_name"),
    (baseUrl, requestTimeout) => WhatsAppHarness.StartAsync(baseUrl, requestTimeout))
{
    /// <summary>The number as it displays and the business name Meta verified for it.</summary>
    protected override void AssertAccountReported(CredentialTestResult result) =>
        result.Details.Should().Contain("displayPhoneNumber", WhatsAppHarness.DisplayPhoneNumber).And.Contain("verifiedName", WhatsAppHarness.VerifiedName);

    /// <summary>The Cloud API's envelope for a text to one user, without a link preview or a reply context.</summary>
    protected override void AssertTextEnvelope(GraphApiCall call)
    {
        call.AuthorizationPresent.Should().BeTrue();
        call.Field("messaging_product").Should().Be("whatsapp");
        call.Field("recipient_type").Should().Be("individual");
        call.Field("to").Should().Be(WhatsAppHarness.UserWaId);
        call.Field("type").Should().Be("text");
        call.Node("text.preview_url")!.GetValue<bool>().Should().BeFalse();
        call.Node("context").Should().BeNull();
    }

    [Fact]
    public async Task Reply_reference_becomes_context_message_id()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        await harness.SendAsync(new TextContent("Answering that"), inReplyTo: "wamid.THEIRS01");

        harness.Simulator.Sends.Single().Field("context.message_id").Should().Be("wamid.THEIRS01");
    }

    [Fact]
    public async Task Long_text_is_split_at_4096_and_only_the_first_part_replies()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        var text = string.Join(' ', Enumerable.Repeat("word", 2000));

        var result = await harness.SendAsync(new TextContent(text), inReplyTo: "wamid.THEIRS01");

        result.Degradations.Should().Equal("split into 3 messages");
        var sends = harness.Simulator.Sends;
        string.Concat(sends.Select(s => s.Field("text.body"))).Should().Be(text);
        sends[0].Field("context.message_id").Should().Be("wamid.THEIRS01");
        sends.Skip(1).Should().OnlyContain(s => s.Node("context") == null);
    }

    [Theory]
    [InlineData(MediaKind.Image, "image", true)]
    [InlineData(MediaKind.Video, "video", true)]
    [InlineData(MediaKind.Document, "document", true)]
    [InlineData(MediaKind.Audio, "audio", false)]
    [InlineData(MediaKind.Voice, "audio", false)]
    [InlineData(MediaKind.Sticker, "sticker", false)]
    public async Task Media_by_link_goes_as_its_type_with_a_caption_where_allowed(MediaKind kind, string type, bool captioned)
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        var result = await harness.SendAsync(new MediaContent(kind, Url: "https://cdn.example.com/f.bin", Caption: "Here it is"));

        result.Status.Should().Be(SendStatus.Sent);
        var call = harness.Simulator.Sends.Single();
        call.Field("type").Should().Be(type);
        call.Field($"{type}.link").Should().Be("https://cdn.example.com/f.bin");
        call.Field($"{type}.id").Should().BeNull();
        if (captioned)
        {
            call.Field($"{type}.caption").Should().Be("Here it is");
            result.Degradations.Should().BeEmpty();
        }
        else
        {
            call.Node($"{type}.caption").Should().BeNull();
            result.Degradations.Should().Equal($"{type} caption dropped");
        }
    }

    [Fact]
    public async Task Media_by_id_sends_the_id_and_documents_keep_their_filename()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        await harness.SendAsync(new MediaContent(MediaKind.Document, MediaId: "1003383421387260", FileName: "invoice.pdf", Caption: "Your invoice"));

        var call = harness.Simulator.Sends.Single();
        call.Field("document.id").Should().Be("1003383421387260");
        call.Node("document.link").Should().BeNull();
        call.Field("document.filename").Should().Be("invoice.pdf");
        call.Field("document.caption").Should().Be("Your invoice");
    }

    [Fact]
    public async Task Location_keeps_name_and_address()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        await harness.SendAsync(new LocationContent(37.483307, -122.148981, "Philz Coffee", "101 Forest Ave"));

        var call = harness.Simulator.Sends.Single();
        call.Field("type").Should().Be("location");
        call.Node("location.latitude")!.GetValue<double>().Should().Be(37.483307);
        call.Node("location.longitude")!.GetValue<double>().Should().Be(-122.148981);
        call.Field("location.name").Should().Be("Philz Coffee");
        call.Field("location.address").Should().Be("101 Forest Ave");
    }

    [Fact]
    public async Task Contacts_go_as_cards_with_the_required_names()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        var result = await harness.SendAsync(new ContactsContent([new SharedContact("Barbara Johnson", ["+19405551234"], ["b@example.com"])]));

        result.Status.Should().Be(SendStatus.Sent);
        var card = harness.Simulator.Sends.Single().Node("contacts")!.AsArray().Single()!;
        ((string?)card["name"]!["formatted_name"]).Should().Be("Barbara Johnson");
        ((string?)card["name"]!["first_name"]).Should().Be("Barbara Johnson");
        ((string?)card["phones"]![0]!["phone"]).Should().Be("+19405551234");
        ((string?)card["emails"]![0]!["email"]).Should().Be("b@example.com");
    }

    [Fact]
    public async Task Three_buttons_go_as_reply_buttons_with_header_and_footer()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        var result = await harness.SendAsync(Choice(InteractiveStyle.Buttons, 3, "Support", "Reply any time"));

        result.Status.Should().Be(SendStatus.Sent);
        result.Degradations.Should().BeEmpty();
        var call = harness.Simulator.Sends.Single();
        call.Field("interactive.type").Should().Be("button");
        call.Field("interactive.body.text").Should().Be("How can we help?");
        call.Field("interactive.header.text").Should().Be("Support");
        call.Field("interactive.footer.text").Should().Be("Reply any time");
        var buttons = call.Node("interactive.action.buttons")!.AsArray();
        buttons.Select(b => ((string?)b!["type"], (string?)b["reply"]!["id"], (string?)b["reply"]!["title"]))
            .Should().Equal(("reply", "opt-1", "Option 1"), ("reply", "opt-2", "Option 2"), ("reply", "opt-3", "Option 3"));
    }

    [Fact]
    public async Task Button_titles_longer_than_20_are_cut_and_recorded()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        var content = new InteractiveContent("Pick", InteractiveStyle.Buttons,
            [new InteractiveSection(null, [new InteractiveOption("a", "A title well beyond twenty characters")])]);

        var result = await harness.SendAsync(content);

        result.Status.Should().Be(SendStatus.Sent);
        result.Degradations.Should().Equal("interactive labels truncated");
        harness.Simulator.Sends.Single().Node("interactive.action.buttons")![0]!["reply"]!["title"]!.GetValue<string>().Length.Should().BeLessOrEqualTo(20);
    }

    [Fact]
    public async Task Four_buttons_become_a_list()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        var result = await harness.SendAsync(Choice(InteractiveStyle.Buttons, 4));

        result.Status.Should().Be(SendStatus.Sent);
        result.Degradations.Should().Equal("buttons->list");
        var call = harness.Simulator.Sends.Single();
        call.Field("interactive.type").Should().Be("list");
        call.Field("interactive.action.button").Should().Be("Options");
        call.Node("interactive.action.sections")![0]!["rows"]!.AsArray().Select(r => (string?)r!["id"])
            .Should().Equal("opt-1", "opt-2", "opt-3", "opt-4");
    }

    [Fact]
    public async Task List_keeps_sections_rows_descriptions_and_button_text()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        var content = new InteractiveContent("Choose shipping", InteractiveStyle.List,
            [
                new InteractiveSection("Fast", [new InteractiveOption("express", "Priority Mail Express", "Next Day to 2 Days")]),
                new InteractiveSection(null, [new InteractiveOption("ground", "Ground")]),
            ],
            ListButtonText: "Shipping");

        var result = await harness.SendAsync(content);

        result.Status.Should().Be(SendStatus.Sent);
        var call = harness.Simulator.Sends.Single();
        call.Field("interactive.action.button").Should().Be("Shipping");
        var sections = call.Node("interactive.action.sections")!.AsArray();
        ((string?)sections[0]!["title"]).Should().Be("Fast");
        ((string?)sections[0]!["rows"]![0]!["description"]).Should().Be("Next Day to 2 Days");
        ((string?)sections[1]!["title"]).Should().Be("Options 2", "a title is required once there are several sections");
    }

    [Fact]
    public async Task More_than_ten_options_go_as_numbered_text()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        var result = await harness.SendAsync(Choice(InteractiveStyle.List, 11));

        result.Status.Should().Be(SendStatus.Sent);
        result.Degradations.Should().Equal("interactive->text");
        var body = harness.Simulator.Sends.Single().Field("text.body");
        body.Should().StartWith("How can we help?").And.Contain("1. Option 1").And.Contain("11. Option 11");
    }

    [Fact]
    public async Task Reaction_names_its_target_and_takes_no_context()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        var result = await harness.SendAsync(new ReactionContent("wamid.THEIRS01", "\U0001F44D"), inReplyTo: "wamid.THEIRS01");

        result.Status.Should().Be(SendStatus.Sent);
        var call = harness.Simulator.Sends.Single();
        call.Field("type").Should().Be("reaction");
        call.Field("reaction.message_id").Should().Be("wamid.THEIRS01");
        call.Field("reaction.emoji").Should().Be("\U0001F44D");
        call.Node("context").Should().BeNull();
    }

    [Fact]
    public async Task Interactive_reply_and_unsupported_content_degrade_through_the_renderer()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        var reply = await harness.SendAsync(new InteractiveReplyContent("yes", "Yes please"));
        var unsupported = await harness.SendAsync(new UnsupportedContent("poll", "A poll"));

        reply.Status.Should().Be(SendStatus.Sent);
        unsupported.Degradations.Should().Equal("unsupported->text");
        harness.Simulator.Sends.Select(s => s.Field("text.body")).Should().Equal("Yes please", "A poll");
    }

    [Fact]
    public async Task Throughput_and_pair_limits_are_transient()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.Throughput());
        harness.Simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.PairRateLimit());

        var throughput = await harness.SendAsync(new TextContent("a"));
        var pair = await harness.SendAsync(new TextContent("b"));

        throughput.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "130429");
        pair.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "131056");
    }
}
