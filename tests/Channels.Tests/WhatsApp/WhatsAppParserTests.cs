namespace DaprChannels.Channels.Tests.WhatsApp;

public class WhatsAppParserTests() : ParserContract(SamplePayloads.WhatsApp,
    new SampleExpectations(LeastSampleCount: 15, BatchEventCount: 4, UnknownKindSample: "order"),
    delivery => Adapter.Parse(delivery, WhatsAppHarness.Integrate()))
{
    private static readonly WhatsAppAdapter Adapter = new(null!, null!, null!);

    [Fact]
    public void Text_names_the_sender_address_id_and_time()
    {
        var message = Single("text");

        message.PlatformMessageId.Should().Be("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
        message.Sender.Should().Be(new ContactRef("16505551234", "Sheena Nelson", Phone: "16505551234"));
        message.ChannelAddress.Should().Be("16505551234");
        message.SentAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1749416383));
        message.Content.Should().Be(new TextContent("Does it come in another color?"));
        message.ReplyToPlatformMessageId.Should().BeNull();
        message.IsEcho.Should().BeFalse();
    }

    [Theory]
    [InlineData("image", MediaKind.Image, "1003383421387256", "image/jpeg", "This one, please", null)]
    [InlineData("voice", MediaKind.Voice, "1003383421387257", "audio/ogg; codecs=opus", null, null)]
    [InlineData("audio", MediaKind.Audio, "1003383421387258", "audio/mpeg", null, null)]
    [InlineData("video", MediaKind.Video, "1003383421387259", "video/mp4", "Unboxing", null)]
    [InlineData("document", MediaKind.Document, "1003383421387260", "application/pdf", "Signed contract", "contract-2026.pdf")]
    [InlineData("sticker", MediaKind.Sticker, "1003383421387261", "image/webp", null, null)]
    public void Media_carries_its_id_mime_type_caption_and_filename(string payload, MediaKind kind, string mediaId, string mime, string? caption, string? fileName)
    {
        Single(payload).Content.Should().Be(new MediaContent(kind, mediaId, MimeType: mime, Caption: caption, FileName: fileName));
    }

    [Fact]
    public void Location_keeps_name_and_address()
    {
        Single("location").Content.Should().Be(new LocationContent(37.483307, -122.148981, "Philz Coffee", "101 Forest Ave, Palo Alto, CA 94301"));
    }

    [Fact]
    public void Contacts_keep_every_phone_and_email_and_the_wa_id()
    {
        var contacts = Single("contacts").Content.Should().BeOfType<ContactsContent>().Subject;

        var contact = contacts.Contacts.Should().ContainSingle().Subject;
        contact.FormattedName.Should().Be("Barbara J. Johnson");
        contact.Phones.Should().Equal("+1 (940) 555-1234", "+1 (650) 555-1235");
        contact.Emails.Should().Equal("bjohnson@example.com");
        contact.PlatformUserId.Should().Be("19405551234");
    }

    [Fact]
    public void Button_reply_is_the_option_id_and_title_and_replies_to_our_message()
    {
        var message = Single("interactive_button_reply");

        message.Content.Should().Be(new InteractiveReplyContent("change-button", "Change"));
        message.ReplyToPlatformMessageId.Should().Be("wamid.OURBUTTONS01");
    }

    [Fact]
    public void List_reply_is_the_row_id_and_title()
    {
        var message = Single("interactive_list_reply");

        message.Content.Should().Be(new InteractiveReplyContent("priority_express", "Priority Mail Express"));
        message.ReplyToPlatformMessageId.Should().Be("wamid.OURLIST01");
    }

    [Fact]
    public void Template_quick_reply_button_is_its_payload_and_text()
    {
        Single("button").Content.Should().Be(new InteractiveReplyContent("stop-promotions", "Stop promotions"));
    }

    [Fact]
    public void Reaction_names_the_message_and_emoji()
    {
        Single("reaction").Content.Should().Be(new ReactionContent("wamid.OURMESSAGE01", "\U0001F44D"));
    }

    [Fact]
    public void Reaction_without_an_emoji_is_a_removal()
    {
        Single("reaction_removed").Content.Should().Be(new ReactionContent("wamid.OURMESSAGE01", ""));
    }

    [Fact]
    public void Unsupported_type_keeps_the_platform_explanation()
    {
        Single("unsupported").Content.Should().Be(new UnsupportedContent("unsupported", "Message type is currently not supported."));
    }

    [Fact]
    public void Unknown_type_is_unsupported_content_named_after_it()
    {
        var content = Single("order").Content.Should().BeOfType<UnsupportedContent>().Subject;

        content.PlatformType.Should().Be("order");
    }

    [Fact]
    public void Context_id_is_the_reply_reference()
    {
        Single("reply_text").ReplyToPlatformMessageId.Should().Be("wamid.OURQUESTION01");
    }

    [Fact]
    public void Batch_yields_every_entry_change_message_and_status_for_our_number_only()
    {
        var parsed = Parse("batched");

        parsed.Messages.Select(m => m.PlatformMessageId).Should().Equal("wamid.BATCH01", "wamid.BATCH02", "wamid.BATCH03");
        parsed.Messages[1].Sender.Should().Be(new ContactRef("447700900123", "Ravi Kumar", Phone: "447700900123"));
        parsed.Messages[1].ChannelAddress.Should().Be("447700900123");
        parsed.Messages[2].Content.Should().BeOfType<MediaContent>();
        parsed.Messages[2].SentAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1749416403));
        parsed.Statuses.Should().ContainSingle().Which.Should().Be(
            new CanonicalStatus("wamid.OUR01", DeliveryStatus.Delivered, DateTimeOffset.FromUnixTimeSeconds(1749416402), "16505551234"));
    }

    [Fact]
    public void Out_of_order_statuses_are_all_kept_with_their_own_times()
    {
        var parsed = Parse("statuses_out_of_order");

        parsed.Messages.Should().BeEmpty();
        parsed.Statuses.Select(s => (s.Status, s.Timestamp.ToUnixTimeSeconds())).Should().Equal(
            (DeliveryStatus.Read, 1749416510L),
            (DeliveryStatus.Delivered, 1749416505L),
            (DeliveryStatus.Sent, 1749416500L));
        parsed.Statuses.Should().OnlyContain(s => s.PlatformMessageId == "wamid.OUR02" && s.RecipientAddress == "16505551234" && s.ErrorCode == null);
    }

    [Fact]
    public void Failed_status_carries_the_first_error_code_and_text()
    {
        var status = Parse("status_failed").Statuses.Should().ContainSingle().Subject;

        status.Status.Should().Be(DeliveryStatus.Failed);
        status.ErrorCode.Should().Be("131047");
        status.ErrorMessage.Should().StartWith("Re-engagement message: Message failed to send because more than 24 hours");
        status.RecipientAddress.Should().Be("16505551234");
    }

    [Fact]
    public void Other_fields_are_ignored_without_failing()
    {
        Parse("account_update").IsEmpty.Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"object":"whatsapp_business_account"}""")]
    [InlineData("""{"entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"wamid.X","type":"text","text":{"body":"no sender"}}]}}]}]}""")]
    [InlineData("""{"entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"1","id":"wamid.X","timestamp":"99999999999999","type":"text","text":{"body":"x"}}]}}]}]}""")]
    public void Malformed_bodies_throw_format_exceptions(string body)
    {
        var act = () => WhatsAppParser.Parse(Encoding.UTF8.GetBytes(body), WhatsAppHarness.PhoneNumberId, SamplePayloads.WhatsApp.ReceivedAt);

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Delivery_id_is_left_to_the_body_hash()
    {
        Adapter.DeliveryId(new DaprChannels.Channels.Abstractions.WebhookRequest("POST", new Uri("https://x.example"),
            new Dictionary<string, string>(), new Dictionary<string, string>(), SamplePayloads.WhatsApp.Bytes("text"))).Should().BeNull();
    }
}
