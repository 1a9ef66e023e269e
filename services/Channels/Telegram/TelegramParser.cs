using System.Globalization;
using System.Text.Json;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Telegram;

/// <summary>Turns one webhook Update into canonical messages.</summary>
public static class TelegramParser
{
    /// <summary>
    /// The update_id, read straight off the bytes without building the rest of the update, so
    /// Ingress can recognise a redelivery cheaply. Null when the body has none or is not JSON.
    /// </summary>
    public static string? ReadUpdateId(ReadOnlySpan<byte> body) =>
        PlatformJson.ReadTopLevelProperty(body, "update_id"u8, static (ref reader) =>
            reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id) ? id.ToString(CultureInfo.InvariantCulture) : null);

    /// <param name="receivedAt">When the update arrived: the time of updates that carry no date (button clicks).</param>
    public static ParsedDelivery Parse(ReadOnlySpan<byte> body, DateTimeOffset receivedAt)
    {
        var update = PlatformJson.ReadDelivery<TelegramUpdate>(body, TelegramJson.Options, "Telegram update");

        if (update?.UpdateId is not { } updateId)
        {
            throw new FormatException("The Telegram update has no update_id.");
        }

        CanonicalMessage? message =
            update.Message is { } m ? FromMessage(m, isEdit: false)
            : update.EditedMessage is { } em ? FromMessage(em, isEdit: true)
            : update.ChannelPost is { } cp ? FromMessage(cp, isEdit: false)
            : update.EditedChannelPost is { } ecp ? FromMessage(ecp, isEdit: true)
            : update.BusinessMessage is { } bm ? FromMessage(bm, isEdit: false)
            : update.EditedBusinessMessage is { } ebm ? FromMessage(ebm, isEdit: true)
            : update.CallbackQuery is { } cb ? FromCallback(cb, receivedAt)
            // Membership changes (a user blocking the bot, someone joining a group) are not messages.
            : update.MyChatMember is not null || update.ChatMember is not null ? null
            : FromUnknownUpdate(update, updateId, receivedAt);

        return message is null ? ParsedDelivery.Empty : new ParsedDelivery([message], [], []);
    }

    /// <summary>Message ids are unique per chat only, so the chat is part of the id.</summary>
    public static string MessageId(long chatId, long messageId) =>
        string.Create(CultureInfo.InvariantCulture, $"{chatId}:{messageId}");

    /// <summary>Reads "&lt;chat id&gt;:&lt;message id&gt;" back; only the message id is needed in the same chat.</summary>
    public static bool TryReadMessageId(string? platformMessageId, out long messageId)
    {
        messageId = 0;
        if (string.IsNullOrEmpty(platformMessageId))
        {
            return false;
        }

        var colon = platformMessageId.LastIndexOf(':');
        var tail = colon < 0 ? platformMessageId : platformMessageId[(colon + 1)..];
        return long.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out messageId);
    }

    private static CanonicalMessage FromMessage(TelegramMessage message, bool isEdit)
    {
        var chat = message.Chat ?? throw new FormatException("The Telegram message has no chat.");
        return new CanonicalMessage(
            MessageId(chat.Id, message.MessageId),
            SenderOf(message.From, message.SenderChat ?? chat),
            chat.Id.ToString(CultureInfo.InvariantCulture),
            ContentOf(message),
            FromUnixSeconds(isEdit && message.EditDate is { } edited ? edited : message.Date),
            IsEcho: false,
            ReplyToPlatformMessageId: message.ReplyToMessage is { } replied ? MessageId(replied.Chat?.Id ?? chat.Id, replied.MessageId) : null,
            IsEdit: isEdit);
    }

    private static CanonicalMessage FromCallback(TelegramCallbackQuery callback, DateTimeOffset receivedAt)
    {
        var from = callback.From ?? throw new FormatException("The Telegram callback query has no sender.");
        var origin = callback.Message;
        // A private chat's id is the user's id, so a click on an inline-mode message (no origin) still has an address.
        var chatId = origin?.Chat?.Id ?? from.Id;
        var data = callback.Data ?? callback.GameShortName ?? "";
        return new CanonicalMessage(
            "cb:" + callback.Id,
            SenderOf(from, null),
            chatId.ToString(CultureInfo.InvariantCulture),
            new InteractiveReplyContent(data, ButtonText(origin, data) ?? data, CallbackId: callback.Id),
            receivedAt,
            ReplyToPlatformMessageId: origin is null ? null : MessageId(chatId, origin.MessageId));
    }

    private static string? ButtonText(TelegramMessage? origin, string data) =>
        origin?.ReplyMarkup?.InlineKeyboard?
            .SelectMany(row => row)
            .FirstOrDefault(button => button.CallbackData == data)?
            .Text;

    /// <summary>An update kind this adapter does not know: kept as unsupported, attributed to whoever it names.</summary>
    private static CanonicalMessage? FromUnknownUpdate(TelegramUpdate update, long updateId, DateTimeOffset receivedAt)
    {
        if (update.Other is not { Count: > 0 } other)
        {
            return null;
        }

        var (kind, element) = other.First();
        var chat = Child<TelegramChat>(element, "chat");
        var user = Child<TelegramUser>(element, "from") ?? Child<TelegramUser>(element, "user");
        if (chat is null && user is null)
        {
            // Nobody to attribute it to (a poll's state) and nowhere to answer: nothing a conversation can hold.
            return null;
        }

        var address = (chat?.Id ?? user!.Id).ToString(CultureInfo.InvariantCulture);
        return new CanonicalMessage(
            "u:" + updateId.ToString(CultureInfo.InvariantCulture),
            SenderOf(user, chat),
            address,
            new UnsupportedContent(kind, $"Telegram update '{kind}'"),
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty("date", out var date) && date.TryGetInt64(out var seconds)
                ? FromUnixSeconds(seconds)
                : receivedAt);
    }

    private static T? Child<T>(JsonElement element, string name) where T : class =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object
            ? child.Deserialize<T>(TelegramJson.Options)
            : null;

    private static MessageContent ContentOf(TelegramMessage message)
    {
        var caption = message.Caption;
        if (message.Text is { } text)
        {
            return new TextContent(text);
        }

        if (message.Photo is { Count: > 0 } sizes)
        {
            var largest = sizes.MaxBy(s => (long)s.Width * s.Height)!;
            return new MediaContent(MediaKind.Image, largest.FileId, MimeType: "image/jpeg", Caption: caption, SizeBytes: largest.FileSize);
        }

        // An animation also carries a document field for old clients, so it is checked first.
        if (message.Animation is { } animation)
        {
            return Media(MediaKind.Video, animation, caption, "video/mp4");
        }

        if (message.Document is { } document)
        {
            return Media(MediaKind.Document, document, caption, null);
        }

        if (message.Voice is { } voice)
        {
            return Media(MediaKind.Voice, voice, caption, "audio/ogg");
        }

        if (message.Audio is { } audio)
        {
            return Media(MediaKind.Audio, audio, caption, null);
        }

        if (message.Video is { } video)
        {
            return Media(MediaKind.Video, video, caption, "video/mp4");
        }

        if (message.VideoNote is { } videoNote)
        {
            return Media(MediaKind.Video, videoNote, caption, "video/mp4");
        }

        if (message.Sticker is { } sticker)
        {
            var mime = sticker.IsVideo ? "video/webm" : sticker.IsAnimated ? "application/x-tgsticker" : "image/webp";
            return new MediaContent(MediaKind.Sticker, sticker.FileId, MimeType: mime, Caption: sticker.Emoji, SizeBytes: sticker.FileSize);
        }

        // A venue also carries a location field, so it is checked first.
        if (message.Venue is { Location: { } venueLocation } venue)
        {
            return new LocationContent(venueLocation.Latitude, venueLocation.Longitude, venue.Title, venue.Address);
        }

        if (message.Location is { } location)
        {
            return new LocationContent(location.Latitude, location.Longitude);
        }

        if (message.Contact is { } contact)
        {
            var name = JoinName(contact.FirstName, contact.LastName);
            return new ContactsContent([
                new SharedContact(
                    name,
                    contact.PhoneNumber is null ? null : [contact.PhoneNumber],
                    null,
                    contact.UserId?.ToString(CultureInfo.InvariantCulture)),
            ]);
        }

        var kind = message.Other?.Keys.FirstOrDefault(IsContentField) ?? "unknown";
        return new UnsupportedContent(kind, caption);
    }

    /// <summary>Fields every message may carry that say nothing about what kind of message it is.</summary>
    private static bool IsContentField(string field) => field switch
    {
        "message_thread_id" or "sender_boost_count" or "sender_business_bot" or "business_connection_id"
            or "forward_origin" or "is_topic_message" or "is_automatic_forward" or "external_reply" or "quote"
            or "reply_to_story" or "via_bot" or "has_protected_content" or "is_from_offline" or "media_group_id"
            or "author_signature" or "entities" or "caption_entities" or "link_preview_options" or "effect_id"
            or "show_caption_above_media" or "has_media_spoiler" or "sender_tag" or "paid_star_count" => false,
        _ => true,
    };

    private static MediaContent Media(MediaKind kind, TelegramFile file, string? caption, string? defaultMime) =>
        new(kind, file.FileId, MimeType: file.MimeType ?? defaultMime, Caption: caption, FileName: file.FileName, SizeBytes: file.FileSize);

    private static ContactRef SenderOf(TelegramUser? user, TelegramChat? chat)
    {
        if (user is not null)
        {
            return new ContactRef(
                user.Id.ToString(CultureInfo.InvariantCulture),
                JoinName(user.FirstName, user.LastName),
                user.Username,
                Locale: user.LanguageCode);
        }

        // Channel posts and anonymous group admins speak as a chat, not a user.
        var speaker = chat ?? throw new FormatException("The Telegram message names no sender.");
        return new ContactRef(
            speaker.Id.ToString(CultureInfo.InvariantCulture),
            speaker.Title ?? JoinName(speaker.FirstName, speaker.LastName),
            speaker.Username);
    }

    private static string? JoinName(string? first, string? last)
    {
        var name = string.Join(' ', new[] { first, last }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return name.Length == 0 ? null : name;
    }

    private static DateTimeOffset FromUnixSeconds(long seconds) =>
        seconds is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new FormatException("The Telegram date is out of range.");
}
