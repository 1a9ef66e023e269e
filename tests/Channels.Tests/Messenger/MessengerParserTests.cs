namespace DaprChannels.Channels.Tests.Messenger;

public class MessengerParserTests() : ParserContract(SamplePayloads.Messenger,
    new SampleExpectations(LeastSampleCount: 20, BatchEventCount: 7, UnknownKindSample: "template_unknown"),
    delivery => Adapter.Parse(delivery, MessengerHarness.Integrate()))
{
    private const string Psid = MessengerHarness.UserPsid;
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1767268800123);
    private static readonly MessengerAdapter Adapter = new(null!, null!, null!);

    [Fact]
    public void Text_names_the_psid_as_sender_and_address_with_the_mid_and_millisecond_time()
    {
        var message = Single("text");

        message.PlatformMessageId.Should().StartWith("m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM");
        message.Sender.Should().Be(new ContactRef(Psid));
        message.ChannelAddress.Should().Be(Psid);
        message.SentAt.Should().Be(At);
        message.Content.Should().Be(new TextContent("Do you ship to Canada?"));
        message.IsEcho.Should().BeFalse();
        message.IsEdit.Should().BeFalse();
        message.ReplyToPlatformMessageId.Should().BeNull();
    }

    [Fact]
    public void Reply_to_mid_is_the_reply_reference()
    {
        Single("reply_text").ReplyToPlatformMessageId.Should().Be("m_OURQUESTION01");
    }

    [Fact]
    public void Quick_reply_is_its_payload_and_the_tapped_title()
    {
        Single("quick_reply").Content.Should().Be(new InteractiveReplyContent("TRACK_ORDER", "Track my order"));
    }

    [Fact]
    public void Postback_is_its_payload_and_button_title_with_its_mid()
    {
        var message = Single("postback");

        message.PlatformMessageId.Should().Be("m_POSTBACK01");
        message.Content.Should().Be(new InteractiveReplyContent("HANDOVER", "Talk to a person"));
        message.ChannelAddress.Should().Be(Psid);
    }

    [Fact]
    public void Postback_without_a_mid_gets_an_id_a_redelivery_repeats()
    {
        var first = Single("postback_without_mid");
        var again = Single("postback_without_mid");

        first.PlatformMessageId.Should().Be($"postback:{Psid}:1767268800123").And.Be(again.PlatformMessageId);
        first.Content.Should().Be(new InteractiveReplyContent("GET_STARTED", "Get Started"));
    }

    [Theory]
    [InlineData("image", MediaKind.Image)]
    [InlineData("audio", MediaKind.Audio)]
    [InlineData("video", MediaKind.Video)]
    [InlineData("file", MediaKind.Document)]
    public void Attachments_are_media_by_url(string payload, MediaKind kind)
    {
        var message = Single(payload);

        message.PlatformMessageId.Should().Be($"m_{payload.ToUpperInvariant()}01");
        message.Content.Should().Be(new MediaContent(kind, Url: $"https://scontent.xx.fbcdn.net/v/t1.15752-9/{payload}-1.bin"));
    }

    [Fact]
    public void Image_with_a_sticker_id_is_a_sticker()
    {
        Single("sticker").Content.Should().Be(new MediaContent(MediaKind.Sticker, Url: "https://scontent.xx.fbcdn.net/v/t39.1997-6/thumbsup.png"));
    }

    [Fact]
    public void Location_with_coordinates_is_a_location()
    {
        Single("location").Content.Should().Be(new LocationContent(52.520008, 13.404954, "Pinned Location"));
    }

    [Fact]
    public void Fallback_link_is_text_with_title_and_url()
    {
        Single("fallback").Content.Should().Be(new TextContent("Spring collection\nhttps://shop.example.com/spring"));
    }

    [Fact]
    public void Unknown_attachment_type_is_unsupported_named_after_it()
    {
        Single("template_unknown").Content.Should().BeOfType<UnsupportedContent>().Which.PlatformType.Should().Be("template");
    }

    [Fact]
    public void Text_with_several_attachments_becomes_one_message_each_with_distinct_ids()
    {
        var parsed = Parse("text_and_images");

        parsed.Messages.Select(m => m.PlatformMessageId).Should().Equal("m_MULTI01", "m_MULTI01#2", "m_MULTI01#3");
        parsed.Messages.Select(m => m.Content).Should().Equal(
            new TextContent("These two"),
            new MediaContent(MediaKind.Image, Url: "https://scontent.xx.fbcdn.net/v/a.jpg"),
            new MediaContent(MediaKind.Image, Url: "https://scontent.xx.fbcdn.net/v/b.jpg"));
        parsed.Messages.Should().OnlyContain(m => m.ChannelAddress == Psid && m.SentAt == At);
    }

    [Fact]
    public void Reaction_names_the_message_and_emoji()
    {
        var message = Single("reaction");

        message.Content.Should().Be(new ReactionContent("m_OURMESSAGE01", "\u2764\uFE0F"));
        message.PlatformMessageId.Should().Be($"reaction:m_OURMESSAGE01:{Psid}:1767268800123");
    }

    [Fact]
    public void Unreact_is_a_reaction_with_no_emoji()
    {
        Single("unreact").Content.Should().Be(new ReactionContent("m_OURMESSAGE01", ""));
    }

    [Fact]
    public void Echo_is_recorded_in_the_users_conversation_and_flagged()
    {
        var message = Single("echo");

        message.IsEcho.Should().BeTrue();
        message.PlatformMessageId.Should().Be("m_ECHO01");
        message.ChannelAddress.Should().Be(Psid, "an echo belongs to the conversation with its recipient");
        message.Sender.PlatformUserId.Should().Be(MessengerHarness.PageId);
        message.Content.Should().Be(new TextContent("Thanks, we will check."));
    }

    [Fact]
    public void Delivery_is_one_delivered_status_per_mid_at_the_watermark()
    {
        var parsed = Parse("delivery");

        parsed.Messages.Should().BeEmpty();
        var deliveredAt = DateTimeOffset.FromUnixTimeMilliseconds(1767268800100);
        parsed.Statuses.Should().Equal(
            new CanonicalStatus("m_OUR01", DeliveryStatus.Delivered, deliveredAt, Psid),
            new CanonicalStatus("m_OUR02", DeliveryStatus.Delivered, deliveredAt, Psid));
    }

    [Fact]
    public void Delivery_without_mids_is_one_watermark_status()
    {
        Parse("delivery_watermark_only").Statuses.Should().Equal(
            new CanonicalStatus("watermark:1767268800100", DeliveryStatus.Delivered, DateTimeOffset.FromUnixTimeMilliseconds(1767268800100), Psid));
    }

    [Fact]
    public void Read_is_one_read_status_named_after_its_watermark()
    {
        var parsed = Parse("read");

        parsed.Messages.Should().BeEmpty();
        parsed.Statuses.Should().Equal(
            new CanonicalStatus("watermark:1767268800111", DeliveryStatus.Read, DateTimeOffset.FromUnixTimeMilliseconds(1767268800111), Psid));
    }

    [Fact]
    public void Edit_is_the_new_text_under_the_original_mid_flagged_as_an_edit()
    {
        var message = Single("message_edit");

        message.IsEdit.Should().BeTrue();
        message.PlatformMessageId.Should().Be(Single("text").PlatformMessageId);
        message.Content.Should().Be(new TextContent("Do you ship to Canada and Mexico?"));
    }

    [Fact]
    public void Standby_events_of_another_apps_thread_are_ignored()
    {
        Parse("standby").IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Batch_yields_every_entry_and_event_for_our_page_only()
    {
        var parsed = Parse("batched");

        parsed.Messages.Select(m => m.PlatformMessageId).Should().Equal("m_BATCH01", "m_BATCHECHO01", "m_BATCH02", "m_BATCH03");
        parsed.Messages.Select(m => m.IsEcho).Should().Equal(false, true, false, false);
        parsed.Messages.Select(m => m.ChannelAddress).Should().Equal(Psid, Psid, "7000000000000002", "7000000000000002");
        parsed.Messages[2].Content.Should().Be(new MediaContent(MediaKind.Image, Url: "https://scontent.xx.fbcdn.net/v/photo.jpg"));
        parsed.Messages[3].Content.Should().Be(new InteractiveReplyContent("HOURS", "Opening hours"));
        parsed.Messages[3].SentAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1767268801200));
        parsed.Statuses.Select(s => (s.PlatformMessageId, s.Status)).Should().Equal(
            ("m_BATCHECHO01", DeliveryStatus.Delivered),
            ("m_OUR00", DeliveryStatus.Delivered),
            ("watermark:1767268800450", DeliveryStatus.Read));
        parsed.Messages.Should().NotContain(m => m.PlatformMessageId.Contains("OTHERPAGE"));
    }

    [Fact]
    public void An_event_between_other_parties_inside_our_entry_is_skipped()
    {
        var body = Encoding.UTF8.GetBytes($$$"""
            {"object":"page","entry":[{"id":"{{{MessengerHarness.PageId}}}","messaging":[
              {"sender":{"id":"1"},"recipient":{"id":"2"},"timestamp":1767268800123,"message":{"mid":"m_X","text":"not ours"}},
              {"sender":{"id":"{{{Psid}}}"},"recipient":{"id":{{{MessengerHarness.PageId}}}},"timestamp":1767268800123,"message":{"mid":"m_Y","text":"ours, page id as a number"}}]}]}
            """);

        var parsed = MessengerParser.Parse(body, MessengerHarness.PageId, SamplePayloads.Messenger.ReceivedAt, MessagingDialect.Messenger);

        parsed.Messages.Should().ContainSingle().Which.PlatformMessageId.Should().Be("m_Y");
    }

    [Fact]
    public void An_instagram_body_is_not_read_as_messenger()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"object":"instagram","entry":[{"id":"{{{MessengerHarness.PageId}}}","messaging":[{"sender":{"id":"1"},"recipient":{"id":"{{{MessengerHarness.PageId}}}"},"message":{"mid":"m_Z","text":"x"}}]}]}""");

        MessengerParser.Parse(body, MessengerHarness.PageId, SamplePayloads.Messenger.ReceivedAt, MessagingDialect.Messenger).IsEmpty.Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"object":"page"}""")]
    [InlineData("""{"object":"page","entry":[{"id":"1067280970047460","messaging":[{"recipient":{"id":"1067280970047460"},"message":{"mid":"m_1","text":"no sender"}}]}]}""")]
    [InlineData("""{"object":"page","entry":[{"id":"1067280970047460","messaging":[{"sender":{"id":"1"},"recipient":{"id":"1067280970047460"},"message":{"text":"no mid"}}]}]}""")]
    [InlineData("""{"object":"page","entry":[{"id":"1067280970047460","messaging":[{"sender":{"id":"1"},"recipient":{"id":"1067280970047460"},"timestamp":999999999999999999,"message":{"mid":"m_1","text":"x"}}]}]}""")]
    [InlineData("""{"object":"page","entry":[{"id":"1067280970047460","messaging":[{"sender":{"id":{"nested":1}},"recipient":{"id":"1067280970047460"},"message":{"mid":"m_1"}}]}]}""")]
    public void Malformed_bodies_throw_format_exceptions(string body)
    {
        var act = () => MessengerParser.Parse(Encoding.UTF8.GetBytes(body), MessengerHarness.PageId, SamplePayloads.Messenger.ReceivedAt, MessagingDialect.Messenger);

        act.Should().Throw<FormatException>();
    }
}
