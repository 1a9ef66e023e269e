namespace DaprChannels.Channels.Tests.Instagram;

public class InstagramParserTests() : ParserContract(SamplePayloads.Instagram,
    new SampleExpectations(LeastSampleCount: 14, BatchEventCount: 4, UnknownKindSample: "unsupported") { FormatErrorMessage = "*Instagram*" },
    delivery => Adapter.Parse(delivery, InstagramHarness.Integrate()))
{
    private const string Igsid = InstagramHarness.UserIgsid;
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1767268800123);
    private static readonly InstagramAdapter Adapter = new(null!);

    [Fact]
    public void Text_names_the_igsid_as_sender_and_address()
    {
        var message = Single("text");

        message.PlatformMessageId.Should().Be("aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAw");
        message.Sender.Should().Be(new ContactRef(Igsid));
        message.ChannelAddress.Should().Be(Igsid);
        message.SentAt.Should().Be(At);
        message.Content.Should().Be(new TextContent("Is this still available?"));
        message.IsEcho.Should().BeFalse();
    }

    [Fact]
    public void Image_is_media_by_its_cdn_url()
    {
        Single("image").Content.Should().Be(new MediaContent(MediaKind.Image, Url: "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1"));
    }

    [Fact]
    public void Shared_post_is_its_link_as_text()
    {
        Single("share").Content.Should().Be(new TextContent("https://www.instagram.com/p/C0ABCDEF/"));
    }

    [Fact]
    public void Shared_reel_is_video_with_its_title()
    {
        Single("reel").Content.Should().Be(new MediaContent(MediaKind.Video, Url: "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2", Caption: "Our new drop"));
    }

    [Fact]
    public void Story_mention_is_text_describing_it_with_the_story_url()
    {
        Single("story_mention").Content.Should().Be(new TextContent("[Mentioned you in their story] https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=3"));
    }

    [Fact]
    public void Story_reply_keeps_its_text_and_points_at_the_story()
    {
        var message = Single("story_reply");

        message.Content.Should().Be(new TextContent("Love this colour!"));
        message.ReplyToPlatformMessageId.Should().Be("story:17900000000000004");
    }

    [Fact]
    public void Quick_reply_and_postback_are_interactive_replies()
    {
        Single("quick_reply").Content.Should().Be(new InteractiveReplyContent("SIZES", "Sizes"));
        var postback = Single("postback");
        postback.PlatformMessageId.Should().Be("aWdfPOSTBACK01");
        postback.Content.Should().Be(new InteractiveReplyContent("ICEBREAKER_SHIPPING", "Shipping"));
    }

    [Fact]
    public void Reaction_and_unreact_name_the_message()
    {
        Single("reaction").Content.Should().Be(new ReactionContent("aWdfOUR01", "\u2764\uFE0F"));
        Single("unreact").Content.Should().Be(new ReactionContent("aWdfOUR01", ""));
    }

    [Fact]
    public void Seen_is_a_read_status_for_the_named_mid()
    {
        var parsed = Parse("read");

        parsed.Messages.Should().BeEmpty();
        parsed.Statuses.Should().Equal(new CanonicalStatus("aWdfOUR01", DeliveryStatus.Read, At, Igsid));
    }

    [Fact]
    public void Unsent_messages_are_ignored()
    {
        Parse("deleted").IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Unsupported_messages_are_kept_as_unsupported()
    {
        Single("unsupported").Content.Should().BeOfType<UnsupportedContent>().Which.PlatformType.Should().Be("unsupported");
    }

    [Fact]
    public void Edit_is_flagged_under_the_original_mid()
    {
        var message = Single("message_edit");

        message.IsEdit.Should().BeTrue();
        message.PlatformMessageId.Should().Be("aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAw");
        message.Content.Should().Be(new TextContent("Is the blue one still available?"));
    }

    [Fact]
    public void Echo_is_recorded_in_the_users_conversation()
    {
        var message = Single("echo");

        message.IsEcho.Should().BeTrue();
        message.ChannelAddress.Should().Be(Igsid);
        message.Sender.PlatformUserId.Should().Be(InstagramHarness.AccountId);
    }

    [Fact]
    public void Batch_yields_every_entry_and_event_for_our_account_only()
    {
        var parsed = Parse("batched");

        parsed.Messages.Select(m => m.PlatformMessageId).Should().Equal("aWdfBATCH01", "aWdfBATCHECHO01", "aWdfBATCH02");
        parsed.Messages.Select(m => m.IsEcho).Should().Equal(false, true, false);
        parsed.Messages.Select(m => m.ChannelAddress).Should().Equal(Igsid, Igsid, "2234567890123456");
        parsed.Statuses.Should().Equal(new CanonicalStatus("aWdfBATCHECHO01", DeliveryStatus.Read, DateTimeOffset.FromUnixTimeMilliseconds(1767268800400), Igsid));
    }

    [Fact]
    public void A_messenger_body_is_not_read_as_instagram()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"object":"page","entry":[{"id":"{{{InstagramHarness.AccountId}}}","messaging":[{"sender":{"id":"1"},"recipient":{"id":"{{{InstagramHarness.AccountId}}}"},"message":{"mid":"m_Z","text":"x"}}]}]}""");

        InstagramParser.Parse(body, InstagramHarness.AccountId, SamplePayloads.Instagram.ReceivedAt).IsEmpty.Should().BeTrue();
    }
}
