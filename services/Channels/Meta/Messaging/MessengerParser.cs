using System.Globalization;
using System.Text.Json;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Meta.Messaging;

/// <summary>
/// Turns a Messenger or Instagram webhook into canonical messages and statuses: every entry and
/// every messaging event in it, because Meta batches. Entries and events of another Page or
/// account (same app, other tenant) are skipped.
/// </summary>
/// <remarks>
/// Choices where the platform has no one-to-one canonical form:
/// <list type="bullet">
/// <item>A message with several attachments becomes one message per attachment (text first); the
/// first keeps the mid, the others get <c>mid#2</c>, <c>mid#3</c>, so each has its own id for deduplication.</item>
/// <item>Echoes (<c>is_echo</c>) are our own sends: <see cref="CanonicalMessage.IsEcho"/> is set, the sender is
/// the Page/account and the address is the user, so they are recorded in the user's conversation and never answered.</item>
/// <item>Messenger delivery receipts name mids: one Delivered status each (without mids, one status for the watermark).
/// Messenger read receipts carry only a watermark: one Read status whose id is <c>watermark:&lt;unix ms&gt;</c>, meaning
/// "every message sent to this user before that time". Instagram read receipts name the mid that was seen.</item>
/// <item>Postbacks and reactions have no message id of their own on older API versions: the id is built from the
/// sender and the timestamp, which a redelivery repeats.</item>
/// <item>Edits (<c>message_edit</c>) become text messages flagged <see cref="CanonicalMessage.IsEdit"/>; unsent
/// Instagram messages (<c>is_deleted</c>) and <c>standby</c> events (threads another app controls) are ignored.</item>
/// <item>Instagram story replies keep their text and point <see cref="CanonicalMessage.ReplyToPlatformMessageId"/> at
/// <c>story:&lt;story id&gt;</c>; story mentions become text naming the mention and the story's CDN URL.</item>
/// </list>
/// </remarks>
public static class MessengerParser
{
    public const string WatermarkPrefix = CanonicalStatus.WatermarkPrefix;
    public const string StoryPrefix = "story:";

    /// <param name="accountId">The integration's Page id or Instagram account id.</param>
    /// <param name="receivedAt">The time of events that carry none.</param>
    public static ParsedDelivery Parse(ReadOnlySpan<byte> body, string accountId, DateTimeOffset receivedAt, MessagingDialect dialect)
    {
        var webhook = PlatformJson.ReadDelivery<MessagingWebhook>(body, MessengerJson.Options, $"{dialect.Name} webhook");

        if (webhook?.Entry is null)
        {
            throw new FormatException($"The {dialect.Name} webhook has no entry array.");
        }

        if (webhook.Object is { } kind && kind != dialect.Object)
        {
            return ParsedDelivery.Empty;
        }

        var messages = new List<CanonicalMessage>();
        var statuses = new List<CanonicalStatus>();
        foreach (var entry in webhook.Entry)
        {
            if (entry is null || (entry.Id is { } target && target != accountId))
            {
                continue;
            }

            foreach (var item in entry.Messaging ?? [])
            {
                if (item is null || !Concerns(item, accountId))
                {
                    continue;
                }

                var at = item.Timestamp is { } ms ? FromUnixMilliseconds(ms, dialect) : receivedAt;
                ReadEvent(item, accountId, at, dialect, messages, statuses);
            }
        }

        return new ParsedDelivery(messages, statuses, []);
    }

    /// <summary>An event belongs to the integration when its Page/account is one of the two parties.</summary>
    private static bool Concerns(MessagingEvent item, string accountId) =>
        item.Recipient?.Id == accountId || item.Sender?.Id == accountId;

    private static void ReadEvent(MessagingEvent item, string accountId, DateTimeOffset at, MessagingDialect dialect, List<CanonicalMessage> messages, List<CanonicalStatus> statuses)
    {
        var sender = item.Sender?.Id ?? throw new FormatException($"A {dialect.Name} event has no sender.");
        if (item.Message is { } message)
        {
            if (message.IsDeleted == true)
            {
                return;
            }

            var mid = message.Mid ?? throw new FormatException($"A {dialect.Name} message has no mid.");
            var echo = message.IsEcho == true || sender == accountId;
            var user = echo ? item.Recipient?.Id ?? throw new FormatException($"A {dialect.Name} echo has no recipient.") : sender;
            var contact = new ContactRef(sender);
            var replyTo = message.ReplyTo?.Mid ?? (message.ReplyTo?.Story?.Id is { } story ? StoryPrefix + story : null);
            var contents = ContentsOf(message);
            for (var i = 0; i < contents.Count; i++)
            {
                messages.Add(new CanonicalMessage(
                    i == 0 ? mid : $"{mid}#{i + 1}",
                    contact,
                    user,
                    contents[i],
                    at,
                    IsEcho: echo,
                    ReplyToPlatformMessageId: i == 0 ? replyTo : null));
            }

            return;
        }

        if (item.Postback is { } postback)
        {
            var payload = postback.Payload ?? postback.Title ?? "";
            messages.Add(new CanonicalMessage(
                postback.Mid ?? SyntheticId("postback", sender, item),
                new ContactRef(sender),
                sender,
                new InteractiveReplyContent(payload, postback.Title ?? payload),
                at));
            return;
        }

        if (item.Reaction is { } reaction)
        {
            var target = reaction.Mid ?? throw new FormatException($"A {dialect.Name} reaction names no message.");
            var emoji = reaction.Action == "unreact" ? "" : reaction.Emoji ?? reaction.Reaction ?? "";
            messages.Add(new CanonicalMessage(
                SyntheticId($"reaction:{target}", sender, item),
                new ContactRef(sender),
                sender,
                new ReactionContent(target, emoji),
                at));
            return;
        }

        if (item.MessageEdit is { Mid: { } editedMid } edit)
        {
            messages.Add(new CanonicalMessage(editedMid, new ContactRef(sender), sender, new TextContent(edit.Text ?? ""), at, IsEdit: true));
            return;
        }

        if (item.Delivery is { } delivery)
        {
            var deliveredAt = delivery.Watermark is { } watermark ? FromUnixMilliseconds(watermark, dialect) : at;
            var mids = delivery.Mids?.OfType<string>().ToList() ?? [];
            if (mids.Count == 0 && delivery.Watermark is { } onlyWatermark)
            {
                mids.Add(WatermarkPrefix + onlyWatermark.ToString(CultureInfo.InvariantCulture));
            }

            statuses.AddRange(mids.Select(id => new CanonicalStatus(id, DeliveryStatus.Delivered, deliveredAt, sender)));
            return;
        }

        if (item.Read is { } read)
        {
            if (read.Mid is { } seen)
            {
                statuses.Add(new CanonicalStatus(seen, DeliveryStatus.Read, at, sender));
            }
            else if (read.Watermark is { } watermark)
            {
                statuses.Add(new CanonicalStatus(
                    WatermarkPrefix + watermark.ToString(CultureInfo.InvariantCulture),
                    DeliveryStatus.Read,
                    FromUnixMilliseconds(watermark, dialect),
                    sender));
            }
        }
    }

    private static List<MessageContent> ContentsOf(MessagingMessage message)
    {
        var contents = new List<MessageContent>();
        if (message.QuickReply?.Payload is { } payload)
        {
            contents.Add(new InteractiveReplyContent(payload, message.Text ?? payload));
            return contents;
        }

        if (!string.IsNullOrEmpty(message.Text))
        {
            contents.Add(new TextContent(message.Text));
        }

        foreach (var attachment in message.Attachments ?? [])
        {
            if (attachment is not null)
            {
                contents.Add(AttachmentContent(attachment, message.StickerId));
            }
        }

        if (contents.Count == 0)
        {
            contents.Add(message.IsUnsupported == true
                ? new UnsupportedContent("unsupported", "A message kind the platform does not deliver through the API.")
                : new UnsupportedContent("message", "A message with neither text nor attachments."));
        }

        return contents;
    }

    private static MessageContent AttachmentContent(MessagingAttachment attachment, string? stickerId)
    {
        var url = attachment.Payload?.Url ?? attachment.Url;
        var type = attachment.Type ?? "unknown";
        switch (type)
        {
            // Messenger's thumbs-up and other stickers arrive as images carrying a sticker id.
            case "image" when (attachment.Payload?.StickerId ?? stickerId) is not null && url is not null:
                return new MediaContent(MediaKind.Sticker, Url: url);
            case "image" when url is not null:
                return new MediaContent(MediaKind.Image, Url: url);
            case "video" when url is not null:
                return new MediaContent(MediaKind.Video, Url: url);
            case "audio" when url is not null:
                return new MediaContent(MediaKind.Audio, Url: url);
            case "file" when url is not null:
                return new MediaContent(MediaKind.Document, Url: url);
            case "location" when attachment.Payload?.Coordinates is { Lat: { } lat, Long: { } lon }:
                return new LocationContent(lat, lon, attachment.Title ?? attachment.Payload.Title);
            case "reel" or "ig_reel" when url is not null:
                return new MediaContent(MediaKind.Video, Url: url, Caption: attachment.Payload?.Title ?? attachment.Title);
            case "story_mention" when url is not null:
                return new TextContent($"[Mentioned you in their story] {url}");
            case "fallback" or "share" when url is not null:
                var title = attachment.Title ?? attachment.Payload?.Title;
                return new TextContent(string.IsNullOrEmpty(title) ? url : $"{title}\n{url}");
        }

        return new UnsupportedContent(type, url is null ? $"An attachment of type '{type}'." : $"An attachment of type '{type}': {url}");
    }

    private static string SyntheticId(string kind, string sender, MessagingEvent item) =>
        $"{kind}:{sender}:{(item.Timestamp ?? 0).ToString(CultureInfo.InvariantCulture)}";

    private static DateTimeOffset FromUnixMilliseconds(long milliseconds, MessagingDialect dialect) =>
        milliseconds is >= 0 and <= 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : throw new FormatException($"The {dialect.Name} timestamp is out of range.");
}
