namespace DaprChannels.Channels.Tests.Telegram;

// The batch sample is a single update: the Bot API posts one update per request.
public class TelegramParserTests() : ParserContract(SamplePayloads.Telegram,
    new SampleExpectations(LeastSampleCount: 18, BatchEventCount: 1, UnknownKindSample: "message_reaction") { BatchSample = "text" },
    delivery => Adapter.Parse(delivery, Integration))
{
    private static readonly TelegramAdapter Adapter = new(null!);
    private static readonly ChannelIntegration Integration = TelegramHarness.Integrate(TelegramHarness.Token);

    [Fact]
    public void Delivery_id_is_the_update_id()
    {
        TelegramParser.ReadUpdateId(SamplePayloads.Telegram.Bytes("text")).Should().Be("815003001");
        TelegramParser.ReadUpdateId(SamplePayloads.Telegram.Bytes("callback_query")).Should().Be("815003012");
    }

    [Fact]
    public void Delivery_id_is_found_after_other_fields_and_nested_objects()
    {
        var body = """{"message":{"update_id":1,"text":"x"},"update_id":42}"""u8.ToArray();

        TelegramParser.ReadUpdateId(body).Should().Be("42");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"message":{}}""")]
    [InlineData("""{"update_id":"12"}""")]
    public void Delivery_id_is_null_when_there_is_no_numeric_update_id(string body)
    {
        TelegramParser.ReadUpdateId(Encoding.UTF8.GetBytes(body)).Should().BeNull();
    }

    [Fact]
    public void Adapter_delivery_id_reads_the_request_body()
    {
        var adapter = new TelegramAdapter(null!);
        var request = new WebhookRequest("POST", new Uri("https://x.example/"), new Dictionary<string, string>(), new Dictionary<string, string>(), SamplePayloads.Telegram.Bytes("photo"));

        adapter.DeliveryId(request).Should().Be("815003002");
    }

    [Fact]
    public void Text_message_maps_sender_chat_time_and_reply()
    {
        var message = Single("text");

        message.Content.Should().Be(new TextContent("/start Where is my order #1042?"));
        message.PlatformMessageId.Should().Be("123456789:4412");
        message.ChannelAddress.Should().Be("123456789");
        message.Sender.Should().Be(new ContactRef("123456789", "Ana Ribeiro", "ana_r", Locale: "pt-BR"));
        message.SentAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1767225600));
        message.ReplyToPlatformMessageId.Should().Be("123456789:4410");
        message.IsEdit.Should().BeFalse();
    }

    [Fact]
    public void Photo_takes_the_largest_size_and_the_caption()
    {
        var media = Single("photo").Content.Should().BeOfType<MediaContent>().Subject;

        media.Kind.Should().Be(MediaKind.Image);
        media.MediaId.Should().Be("AgACAgQAAxkBAAIBs-large");
        media.Caption.Should().Be("The box arrived damaged");
        media.SizeBytes.Should().Be(98311);
    }

    [Fact]
    public void Document_keeps_file_name_and_mime_type()
    {
        Single("document").Content.Should().Be(new MediaContent(
            MediaKind.Document, "BQACAgQAAxkBAAIBt-doc", MimeType: "application/pdf", Caption: "Invoice attached", FileName: "invoice-1042.pdf", SizeBytes: 48213));
    }

    [Fact]
    public void Voice_is_voice_media()
    {
        var media = Single("voice").Content.Should().BeOfType<MediaContent>().Subject;

        media.Kind.Should().Be(MediaKind.Voice);
        media.MediaId.Should().Be("AwACAgQAAxkBAAIBu-voice");
        media.MimeType.Should().Be("audio/ogg");
    }

    [Theory]
    [InlineData("audio", MediaKind.Audio, "CQACAgQAAxkBAAIBv-audio")]
    [InlineData("video_note", MediaKind.Video, "DQACAgQAAxkBAAIBw-note")]
    [InlineData("animation", MediaKind.Video, "CgACAgQAAxkBAAIBx-anim")]
    [InlineData("sticker", MediaKind.Sticker, "CAACAgIAAxkBAAIBz-sticker")]
    public void Other_media_kinds_map_to_media_by_file_id(string payload, MediaKind kind, string fileId)
    {
        var media = Single(payload).Content.Should().BeOfType<MediaContent>().Subject;

        media.Kind.Should().Be(kind);
        media.MediaId.Should().Be(fileId);
    }

    [Fact]
    public void Animated_sticker_carries_its_emoji_and_format()
    {
        var media = (MediaContent)Single("sticker").Content;

        media.MimeType.Should().Be("application/x-tgsticker");
        media.Caption.Should().Be("👍");
    }

    [Fact]
    public void Location_maps_coordinates()
    {
        Single("location").Content.Should().Be(new LocationContent(-23.561414, -46.655881));
    }

    [Fact]
    public void Venue_is_a_named_location()
    {
        Single("venue").Content.Should().Be(new LocationContent(-23.561414, -46.655881, "MASP", "Av. Paulista, 1578 - Bela Vista, São Paulo"));
    }

    [Fact]
    public void Contact_maps_name_phone_and_user_id()
    {
        var contacts = Single("contact").Content.Should().BeOfType<ContactsContent>().Subject;

        contacts.Contacts.Should().ContainSingle();
        contacts.Contacts[0].FormattedName.Should().Be("Bruno Costa");
        contacts.Contacts[0].Phones.Should().Equal("+5511987654321");
        contacts.Contacts[0].PlatformUserId.Should().Be("987654321");
    }

    [Fact]
    public void Callback_query_is_an_interactive_reply_with_the_button_text()
    {
        var message = Single("callback_query");

        message.Content.Should().Be(new InteractiveReplyContent("order:1043", "Order #1043", CallbackId: "4382bfdwdsb323b2d9"));
        message.PlatformMessageId.Should().Be("cb:4382bfdwdsb323b2d9");
        message.ChannelAddress.Should().Be("123456789");
        message.Sender.PlatformUserId.Should().Be("123456789");
        message.ReplyToPlatformMessageId.Should().Be("123456789:4423");
        message.SentAt.Should().Be(SamplePayloads.Telegram.ReceivedAt);
    }

    [Fact]
    public void Callback_query_without_a_matching_button_uses_the_data_as_title()
    {
        var body = """
            {"update_id":9,"callback_query":{"id":"77","from":{"id":5,"is_bot":false,"first_name":"Z"},"chat_instance":"1","data":"gone"}}
            """u8.ToArray();

        var message = TelegramParser.Parse(body, SamplePayloads.Telegram.ReceivedAt).Messages.Single();

        message.Content.Should().Be(new InteractiveReplyContent("gone", "gone", CallbackId: "77"));
        message.ChannelAddress.Should().Be("5");
    }

    [Fact]
    public void Edited_message_is_marked_and_dated_by_its_edit()
    {
        var message = Single("edited_message");

        message.IsEdit.Should().BeTrue();
        message.PlatformMessageId.Should().Be("123456789:4412");
        message.SentAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1767225630));
    }

    [Fact]
    public void Channel_post_is_attributed_to_the_channel()
    {
        var message = Single("channel_post");

        message.ChannelAddress.Should().Be("-1001234567890");
        message.PlatformMessageId.Should().Be("-1001234567890:88");
        message.Sender.Should().Be(new ContactRef("-1001234567890", "Acme News", "acme_news"));
        message.Content.Should().Be(new TextContent("Store opens at 9 tomorrow."));
    }

    [Fact]
    public void Group_message_answers_the_group_and_names_the_member()
    {
        var message = Single("group_message");

        message.ChannelAddress.Should().Be("-1009876543210");
        message.Sender.PlatformUserId.Should().Be("555000111");
    }

    [Fact]
    public void Business_message_is_a_message()
    {
        Single("business_message").Content.Should().Be(new TextContent("Hi, are you open?"));
    }

    [Fact]
    public void Bot_blocked_by_the_user_yields_nothing()
    {
        TelegramParser.Parse(SamplePayloads.Telegram.Bytes("my_chat_member_kicked"), SamplePayloads.Telegram.ReceivedAt).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Unknown_message_kind_is_unsupported_and_named()
    {
        var message = Single("poll_message");

        message.Content.Should().BeOfType<UnsupportedContent>().Which.PlatformType.Should().Be("poll");
        message.PlatformMessageId.Should().Be("123456789:4424");
    }

    [Fact]
    public void Unknown_update_kind_is_unsupported_and_attributed()
    {
        var message = Single("message_reaction");

        message.Content.Should().BeOfType<UnsupportedContent>().Which.PlatformType.Should().Be("message_reaction");
        message.ChannelAddress.Should().Be("123456789");
        message.PlatformMessageId.Should().Be("u:815003018");
    }

    [Theory]
    [InlineData("""{"message":{"message_id":1,"chat":{"id":1},"date":1,"text":"x"}}""")]
    [InlineData("null")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"date":1,"text":"no chat"}}""")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"chat":{"id":1},"date":99999999999999,"text":"x"}}""")]
    public void Update_without_update_id_or_chat_is_a_format_error(string body)
    {
        var parse = () => TelegramParser.Parse(Encoding.UTF8.GetBytes(body), SamplePayloads.Telegram.ReceivedAt);

        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public void Adapter_parse_uses_the_delivery_time_for_clicks()
    {
        var adapter = new TelegramAdapter(null!);

        adapter.Parse(SamplePayloads.Telegram.Delivery("callback_query"), Integration).Messages.Single().SentAt.Should().Be(SamplePayloads.Telegram.ReceivedAt);
    }

    [Theory]
    [InlineData("123:45", true, 45)]
    [InlineData("-100123:7", true, 7)]
    [InlineData("45", true, 45)]
    [InlineData("cb:abc", false, 0)]
    [InlineData(null, false, 0)]
    public void Platform_message_id_reads_back(string? id, bool ok, long messageId)
    {
        TelegramParser.TryReadMessageId(id, out var parsed).Should().Be(ok);
        parsed.Should().Be(messageId);
    }
}
