using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.Instagram;

public class InstagramSenderTests() : GraphSenderContract<InstagramAdapter>(InstagramHarness.AccessToken,
    new GraphSendAccount($"/{InstagramHarness.ApiVersion}/{InstagramHarness.AccountId}/messages", "message.text", 1000, "m_SIM000001", InstagramCredentials.InstagramAccountId,
        GraphSimulatedFailure.OutsideMessagingWindow(), $"/{InstagramHarness.ApiVersion}/{InstagramHarness.AccountId}?fields=id,username"),
    (baseUrl, requestTimeout) => InstagramHarness.StartAsync(baseUrl, requestTimeout))
{
    /// <summary>The professional account, by id and @username.</summary>
    protected override void AssertAccountReported(CredentialTestResult result)
    {
        result.Summary.Should().Contain("@" + InstagramHarness.Username);
        result.Details.Should().Contain("instagramAccountId", InstagramHarness.AccountId).And.Contain("username", InstagramHarness.Username);
    }

    /// <summary>A reply to the user's IGSID, sent as a response within the messaging window.</summary>
    protected override void AssertTextEnvelope(GraphApiCall call)
    {
        call.Field("recipient.id").Should().Be(InstagramHarness.UserIgsid);
        call.Field("messaging_type").Should().Be("RESPONSE");
    }

    [Fact]
    public async Task Images_go_by_url_and_documents_as_their_link()
    {
        await using var harness = await InstagramHarness.StartAsync();

        var image = await harness.SendAsync(new MediaContent(MediaKind.Image, Url: "https://cdn.example.com/a.png"));
        var document = await harness.SendAsync(new MediaContent(MediaKind.Document, Url: "https://cdn.example.com/terms.pdf", Caption: "Our terms"));

        image.Degradations.Should().BeEmpty();
        document.Degradations.Should().Equal("document->text");
        var sends = harness.Simulator.Sends;
        sends[0].Field("message.attachment.type").Should().Be("image");
        sends[0].Field("message.attachment.payload.url").Should().Be("https://cdn.example.com/a.png");
        sends[1].Field("message.text").Should().Be("Our terms\nhttps://cdn.example.com/terms.pdf");
    }

    [Fact]
    public async Task Buttons_go_as_quick_replies()
    {
        await using var harness = await InstagramHarness.StartAsync();

        var result = await harness.SendAsync(new InteractiveContent("Which size?", InteractiveStyle.Buttons,
            [new InteractiveSection(null, [new InteractiveOption("S", "Small"), new InteractiveOption("M", "Medium")])]));

        result.Status.Should().Be(SendStatus.Sent);
        var call = harness.Simulator.Sends.Single();
        call.Field("message.text").Should().Be("Which size?");
        call.Node("message.quick_replies")!.AsArray().Select(r => (string?)r!["payload"]).Should().Equal("S", "M");
    }

    [Fact]
    public async Task A_heart_reacts_with_love_and_other_emoji_go_as_text()
    {
        await using var harness = await InstagramHarness.StartAsync();

        var heart = await harness.SendAsync(new ReactionContent("aWdfTHEIRS01", "\u2764\uFE0F"));
        var thumbs = await harness.SendAsync(new ReactionContent("aWdfTHEIRS01", "\U0001F44D"));
        var removal = await harness.SendAsync(new ReactionContent("aWdfTHEIRS01", ""));

        heart.Degradations.Should().BeEmpty();
        thumbs.Degradations.Should().Equal("reaction->text");
        removal.Status.Should().Be(SendStatus.Sent);
        var sends = harness.Simulator.Sends;
        sends[0].Field("sender_action").Should().Be("react");
        sends[0].Field("payload.reaction").Should().Be("love");
        sends[0].Field("payload.message_id").Should().Be("aWdfTHEIRS01");
        sends[1].Field("message.text").Should().Be("\U0001F44D");
        sends[2].Field("sender_action").Should().Be("unreact");
    }

    [Fact]
    public async Task Exceeded_send_api_calls_are_transient_as_on_messenger()
    {
        await using var harness = await InstagramHarness.StartAsync();
        harness.Simulator.FailNext(GraphApiSimulator.SendOperation, 1, GraphSimulatedFailure.CallsExceeded());

        var limited = await harness.SendAsync(new TextContent("a"));

        limited.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "613");
    }
}
