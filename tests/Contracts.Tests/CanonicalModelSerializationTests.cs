using System.Text.Json;
using DaprChannels.BuildingBlocks;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Contracts.Tests;

public sealed class CanonicalModelSerializationTests
{
    public static TheoryData<MessageContent, string> Contents => new()
    {
        { new TextContent("hello"), "text" },
        { new MediaContent(MediaKind.Image, MediaId: "AgAD", MimeType: "image/jpeg", Caption: "cat"), "media" },
        { new LocationContent(52.52, 13.405, "Berlin"), "location" },
        { new ContactsContent([new SharedContact("Ada", ["+4930123"], ["ada@example.com"])]), "contacts" },
        { new InteractiveContent("Pick", InteractiveStyle.Buttons, [new InteractiveSection(null, [new("a", "A"), new("b", "B")])]), "interactive" },
        { new InteractiveReplyContent("a", "A"), "interactive_reply" },
        { new ReactionContent("42:7", "👍"), "reaction" },
        { new UnsupportedContent("poll", "a poll"), "unsupported" },
        { new TemplateContent("order_update", "en_US", ["Ada", "#1234"], ["Today"], "Hi Ada, order #1234 ships today."), "template" },
    };

    [Theory]
    [MemberData(nameof(Contents))]
    public void Every_content_kind_round_trips_with_its_type_discriminator(MessageContent content, string type)
    {
        var json = JsonSerializer.Serialize(content, EventJson.Options);
        JsonDocument.Parse(json).RootElement.GetProperty("type").GetString().Should().Be(type);

        var back = JsonSerializer.Deserialize<MessageContent>(json, EventJson.Options);
        back.Should().BeOfType(content.GetType());
        JsonSerializer.Serialize(back, EventJson.Options).Should().Be(json);
    }

    [Fact]
    public void A_template_keeps_its_name_language_and_parameters_in_order()
    {
        var template = new TemplateContent("order_update", "pt_BR", ["Ada", "#1234", "amanhã"], ["Pedido"]);

        var json = JsonSerializer.Serialize<MessageContent>(template, EventJson.Options);
        var back = JsonSerializer.Deserialize<MessageContent>(json, EventJson.Options).Should().BeOfType<TemplateContent>().Subject;

        back.Name.Should().Be("order_update");
        back.LanguageCode.Should().Be("pt_BR");
        back.BodyParameters.Should().Equal("Ada", "#1234", "amanhã");
        back.HeaderParameters.Should().Equal("Pedido");
        back.FallbackText.Should().BeNull();
    }

    [Fact]
    public void An_inbound_message_event_round_trips_with_its_nested_content()
    {
        var message = new CanonicalMessage("42:7", new ContactRef("42", "Ada Lovelace", "ada"), "42",
            new MediaContent(MediaKind.Document, MediaId: "BQAC", FileName: "invoice.pdf"), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var @event = new InboundMessageReceived("in_1", DateTimeOffset.UnixEpoch, "tn_1", "int_1", Platforms.Telegram, "conv_1", "ct_1", message);

        var json = JsonSerializer.Serialize(@event, EventJson.Options);
        var back = JsonSerializer.Deserialize<InboundMessageReceived>(json, EventJson.Options)!;

        back.Message.Content.Should().Be(message.Content);
        back.Message.Sender.Should().Be(message.Sender);
        back.Should().BeEquivalentTo(@event, o => o.RespectingRuntimeTypes());
    }

    [Fact]
    public void Raw_delivery_bodies_keep_their_exact_bytes()
    {
        var body = new byte[] { 0x7B, 0x00, 0xFF, 0x22, 0x7D };
        var delivery = new RawDelivery("raw_1", DateTimeOffset.UnixEpoch, "tn", "int", "telegram", "application/json", body,
            new Dictionary<string, string> { ["content-type"] = "application/json" });

        var back = JsonSerializer.Deserialize<RawDelivery>(JsonSerializer.Serialize(delivery, EventJson.Options), EventJson.Options)!;

        back.Body.Should().Equal(body);
    }

    [Fact]
    public void Enums_are_written_as_camel_case_names()
    {
        var json = JsonSerializer.Serialize(new CanonicalStatus("m", DeliveryStatus.Delivered, DateTimeOffset.UnixEpoch), EventJson.Options);
        json.Should().Contain("\"status\":\"delivered\"");
    }

    [Fact]
    public void Every_subscription_has_a_dead_letter_topic_of_its_own()
    {
        Topics.All.Should().OnlyHaveUniqueItems();
        TopicSubscribers.All.Should().OnlyHaveUniqueItems();
        TopicSubscribers.All.Select(s => s.DeadLetterTopic).Should().OnlyHaveUniqueItems().And.NotIntersectWith(Topics.All);
        TopicSubscribers.All.Where(s => s.Topic == Topics.IntegrationChanged).Select(s => s.DeadLetterTopic)
            .Should().BeEquivalentTo(AppIds.All.Select(app => $"integration.changed.{app}.dlq"));
        Topics.DeadLetterOf(Topics.OutboundMessage, AppIds.Dispatcher).Should().Be("outbound.message.dispatcher.dlq");
    }

    [Fact]
    public void Every_topic_has_a_subscriber_and_every_subscriber_is_one_of_the_services()
    {
        TopicSubscribers.All.Select(s => s.Topic).Should().Contain(Topics.All);
        TopicSubscribers.All.Select(s => s.AppId).Should().OnlyContain(app => AppIds.All.Contains(app));
    }

    [Fact]
    public void Status_order_is_the_order_statuses_may_move_in()
    {
        new[] { DeliveryStatus.Pending, DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Read, DeliveryStatus.Failed }
            .Select(s => (int)s).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }
}
