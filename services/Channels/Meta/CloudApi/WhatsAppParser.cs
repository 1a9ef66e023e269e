using System.Globalization;
using System.Text.Json;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Meta.CloudApi;

/// <summary>
/// Turns a Cloud API webhook into canonical messages and statuses: every entry, every change,
/// every message and status in it. Meta batches, so nothing after the first item may be dropped.
/// </summary>
public static class WhatsAppParser
{
    public const string MessagesField = "messages";

    /// <param name="phoneNumberId">The integration's number: changes addressed to another number (same app, other tenant) are skipped.</param>
    /// <param name="receivedAt">The time of items that carry none.</param>
    public static ParsedDelivery Parse(ReadOnlySpan<byte> body, string phoneNumberId, DateTimeOffset receivedAt)
    {
        var webhook = PlatformJson.ReadDelivery<WhatsAppWebhook>(body, WhatsAppJson.Options, "WhatsApp webhook");

        if (webhook?.Entry is null)
        {
            throw new FormatException("The WhatsApp webhook has no entry array.");
        }

        var messages = new List<CanonicalMessage>();
        var statuses = new List<CanonicalStatus>();
        foreach (var entry in webhook.Entry)
        {
            foreach (var change in entry?.Changes ?? [])
            {
                if (change?.Value is not { } value || (change.Field is { } field && field != MessagesField))
                {
                    continue;
                }

                if (value.Metadata?.PhoneNumberId is { } target && target != phoneNumberId)
                {
                    continue;
                }

                foreach (var message in value.Messages ?? [])
                {
                    if (message is not null)
                    {
                        messages.Add(FromMessage(message, value.Contacts, receivedAt));
                    }
                }

                foreach (var status in value.Statuses ?? [])
                {
                    if (status is not null && FromStatus(status, receivedAt) is { } canonical)
                    {
                        statuses.Add(canonical);
                    }
                }
            }
        }

        return new ParsedDelivery(messages, statuses, []);
    }

    private static CanonicalMessage FromMessage(WhatsAppMessage message, List<WhatsAppContact>? contacts, DateTimeOffset receivedAt)
    {
        var from = message.From ?? throw new FormatException("A WhatsApp message has no sender.");
        var id = message.Id ?? throw new FormatException("A WhatsApp message has no id.");
        var profile = contacts?.FirstOrDefault(c => c?.WaId == from) ?? (contacts is { Count: 1 } ? contacts[0] : null);
        return new CanonicalMessage(
            id,
            new ContactRef(from, profile?.Profile?.Name, Phone: from),
            from,
            ContentOf(message),
            message.Timestamp is { } seconds ? FromUnixSeconds(seconds) : receivedAt,
            ReplyToPlatformMessageId: message.Context?.Id);
    }

    private static MessageContent ContentOf(WhatsAppMessage message)
    {
        switch (message.Type)
        {
            case "text" when message.Text is { } text:
                return new TextContent(text.Body ?? "");
            case "image" when message.Image is { } image:
                return Media(MediaKind.Image, image);
            case "audio" when message.Audio is { } audio:
                return Media(audio.Voice == true ? MediaKind.Voice : MediaKind.Audio, audio);
            case "voice" when message.Audio is { } voice:
                return Media(MediaKind.Voice, voice);
            case "video" when message.Video is { } video:
                return Media(MediaKind.Video, video);
            case "document" when message.Document is { } document:
                return Media(MediaKind.Document, document);
            case "sticker" when message.Sticker is { } sticker:
                return Media(MediaKind.Sticker, sticker);
            case "location" when message.Location is { } location:
                return new LocationContent(location.Latitude, location.Longitude, location.Name, location.Address);
            case "contacts" when message.Contacts is { Count: > 0 } shared:
                return new ContactsContent(shared.Select(ToSharedContact).ToList());
            case "interactive" when message.Interactive?.ButtonReply is { } button:
                return new InteractiveReplyContent(button.Id ?? "", button.Title ?? button.Id ?? "");
            case "interactive" when message.Interactive?.ListReply is { } row:
                return new InteractiveReplyContent(row.Id ?? "", row.Title ?? row.Id ?? "");
            case "button" when message.Button is { } quickReply:
                return new InteractiveReplyContent(quickReply.Payload ?? quickReply.Text ?? "", quickReply.Text ?? quickReply.Payload ?? "");
            case "reaction" when message.Reaction is { } reaction:
                return new ReactionContent(reaction.MessageId ?? "", reaction.Emoji ?? "");
        }

        var type = message.Type ?? "unknown";
        var error = message.Errors?.FirstOrDefault();
        var description = error is null ? $"WhatsApp message type '{type}'" : error.ErrorData?.Details ?? error.Title ?? error.Message;
        return new UnsupportedContent(type, description);
    }

    private static MediaContent Media(MediaKind kind, WhatsAppMedia media) =>
        new(kind, media.Id, MimeType: media.MimeType, Caption: media.Caption, FileName: media.Filename);

    private static SharedContact ToSharedContact(WhatsAppSharedContact contact)
    {
        var name = contact.Name?.FormattedName
            ?? string.Join(' ', new[] { contact.Name?.FirstName, contact.Name?.LastName }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var phones = contact.Phones?.Select(p => p.Phone).OfType<string>().ToList();
        var emails = contact.Emails?.Select(e => e.Email).OfType<string>().ToList();
        return new SharedContact(
            string.IsNullOrEmpty(name) ? null : name,
            phones is { Count: > 0 } ? phones : null,
            emails is { Count: > 0 } ? emails : null,
            contact.Phones?.Select(p => p.WaId).FirstOrDefault(w => !string.IsNullOrEmpty(w)));
    }

    /// <summary>Statuses name OUR message (a wamid we were given on send); their order on the wire is not their order in time.</summary>
    private static CanonicalStatus? FromStatus(WhatsAppStatus status, DateTimeOffset receivedAt)
    {
        DeliveryStatus? kind = status.Status switch
        {
            "sent" => DeliveryStatus.Sent,
            "delivered" => DeliveryStatus.Delivered,
            // A voice note that was played has certainly been read.
            "read" or "played" => DeliveryStatus.Read,
            "failed" => DeliveryStatus.Failed,
            _ => null,
        };
        if (kind is null || status.Id is null)
        {
            return null;
        }

        var error = status.Errors?.FirstOrDefault();
        var errorMessage = error is null
            ? null
            : string.Join(": ", new[] { error.Title, error.ErrorData?.Details ?? error.Message }.Where(s => !string.IsNullOrEmpty(s)).Distinct());
        return new CanonicalStatus(
            status.Id,
            kind.Value,
            status.Timestamp is { } seconds ? FromUnixSeconds(seconds) : receivedAt,
            status.RecipientId,
            error?.Code?.ToString(CultureInfo.InvariantCulture),
            string.IsNullOrEmpty(errorMessage) ? null : errorMessage);
    }

    private static DateTimeOffset FromUnixSeconds(long seconds) =>
        seconds is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new FormatException("The WhatsApp timestamp is out of range.");
}
