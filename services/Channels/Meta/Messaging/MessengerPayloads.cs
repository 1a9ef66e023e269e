using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaprChannels.Channels.Meta.Messaging;

// The webhook objects of the Messenger Platform (object "page") and of Instagram Messaging
// (object "instagram"), which share one envelope: entry[].messaging[] events with sender,
// recipient and a millisecond timestamp. Only the fields the adapters use are declared.

/// <summary>The JSON shape of the Graph API: snake_case names; ids read whether sent as strings or numbers.</summary>
public static class MessengerJson
{
    public static readonly JsonSerializerOptions Options = PlatformJson.CreateSnakeCase(options =>
    {
        // Older samples spell the fallback attachment's URL in capitals.
        options.PropertyNameCaseInsensitive = true;
        options.Converters.Add(new StringOrNumberConverter());
    });

    /// <summary>Page ids, app ids and sticker ids appear as numbers in some samples and strings in others.</summary>
    private sealed class StringOrNumberConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => reader.TryGetInt64(out var whole)
                ? whole.ToString(CultureInfo.InvariantCulture)
                : reader.GetDouble().ToString(CultureInfo.InvariantCulture),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            _ => throw new JsonException($"Expected a string or a number, found {reader.TokenType}."),
        };

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}

public sealed class MessagingWebhook
{
    public string? Object { get; set; }
    public List<MessagingEntry?>? Entry { get; set; }
}

public sealed class MessagingEntry
{
    /// <summary>The Page id (Messenger) or the Instagram professional account id (Instagram).</summary>
    public string? Id { get; set; }
    public long? Time { get; set; }
    public List<MessagingEvent?>? Messaging { get; set; }

    /// <summary>Events of threads another app controls (handover protocol): seen, not ours to answer.</summary>
    public List<MessagingEvent?>? Standby { get; set; }
}

public sealed class MessagingEvent
{
    public MessagingParty? Sender { get; set; }
    public MessagingParty? Recipient { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long? Timestamp { get; set; }
    public MessagingMessage? Message { get; set; }
    public MessagingPostback? Postback { get; set; }
    public MessagingReaction? Reaction { get; set; }
    public MessagingDelivery? Delivery { get; set; }
    public MessagingRead? Read { get; set; }
    public MessagingEdit? MessageEdit { get; set; }
}

public sealed class MessagingParty
{
    public string? Id { get; set; }
}

public sealed class MessagingMessage
{
    public string? Mid { get; set; }
    public string? Text { get; set; }
    public bool? IsEcho { get; set; }
    public string? AppId { get; set; }
    public string? StickerId { get; set; }
    public MessagingQuickReply? QuickReply { get; set; }
    public MessagingReplyTo? ReplyTo { get; set; }
    public List<MessagingAttachment?>? Attachments { get; set; }

    /// <summary>Instagram: the user unsent the message.</summary>
    public bool? IsDeleted { get; set; }

    /// <summary>Instagram: a message kind the API does not deliver (GIFs, some stickers).</summary>
    public bool? IsUnsupported { get; set; }
}

public sealed class MessagingQuickReply
{
    public string? Payload { get; set; }
}

public sealed class MessagingReplyTo
{
    public string? Mid { get; set; }

    /// <summary>Instagram: a reply to one of the account's stories.</summary>
    public MessagingStory? Story { get; set; }
}

public sealed class MessagingStory
{
    public string? Id { get; set; }
    public string? Url { get; set; }
}

public sealed class MessagingAttachment
{
    public string? Type { get; set; }
    public MessagingAttachmentPayload? Payload { get; set; }

    /// <summary>Fallback attachments (shared links) carry their title and URL beside the payload.</summary>
    public string? Title { get; set; }
    public string? Url { get; set; }
}

public sealed class MessagingAttachmentPayload
{
    public string? Url { get; set; }
    public string? Title { get; set; }
    public string? StickerId { get; set; }
    public MessagingCoordinates? Coordinates { get; set; }
}

public sealed class MessagingCoordinates
{
    public double? Lat { get; set; }
    public double? Long { get; set; }
}

public sealed class MessagingPostback
{
    public string? Mid { get; set; }
    public string? Title { get; set; }
    public string? Payload { get; set; }
}

public sealed class MessagingReaction
{
    /// <summary>The message reacted to.</summary>
    public string? Mid { get; set; }

    /// <summary>"react" or "unreact".</summary>
    public string? Action { get; set; }
    public string? Emoji { get; set; }

    /// <summary>A name for the emoji: smile, angry, sad, wow, love, like, dislike, other.</summary>
    public string? Reaction { get; set; }
}

public sealed class MessagingDelivery
{
    public List<string?>? Mids { get; set; }

    /// <summary>Every message sent before this time (Unix ms) was delivered.</summary>
    public long? Watermark { get; set; }
}

public sealed class MessagingRead
{
    /// <summary>Messenger: every message sent before this time (Unix ms) was read.</summary>
    public long? Watermark { get; set; }

    /// <summary>Instagram: the message that was seen.</summary>
    public string? Mid { get; set; }
}

public sealed class MessagingEdit
{
    public string? Mid { get; set; }
    public string? Text { get; set; }
    public int? NumEdit { get; set; }
}
