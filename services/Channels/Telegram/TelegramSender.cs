using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Telegram;

/// <summary>Turns a canonical outbound message into Bot API calls and their outcome into a <see cref="SendResult"/>.</summary>
public sealed class TelegramSender(TelegramApiClient api)
{
    // Text is split rather than truncated, so the renderer is told there is no length limit.
    private static readonly ChannelCapabilities RenderCapabilities = TelegramCapabilities.Value with { MaxTextLength = int.MaxValue };

    public async Task<SendResult> SendAsync(OutboundMessageRequested message, string botToken, CancellationToken cancellationToken)
    {
        var rendered = MessageRenderer.Render(message.Content, RenderCapabilities);
        var degradations = new List<string>(rendered.Degradations);
        var calls = Plan(rendered.Content, message, degradations);
        return await MessageParts.SendAsync(calls, degradations, async (call, ct) =>
        {
            var (method, body) = call;
            var result = await api.CallAsync(botToken, method, body, ct);
            return result.IsOk ? SendResult.Sent(SentMessageId(result.Result, message)) : ToFailure(result, degradations);
        }, cancellationToken);
    }

    public static SendResult ToFailure(TelegramCallResult result, IReadOnlyList<string>? degradations = null)
    {
        var code = result.ErrorCode?.ToString(CultureInfo.InvariantCulture);
        return result.Outcome switch
        {
            TelegramCallOutcome.Timeout or TelegramCallOutcome.NetworkError =>
                new SendResult(SendStatus.Transient, ErrorCode: result.Outcome == TelegramCallOutcome.Timeout ? "timeout" : "network", Reason: result.Description, RetryAfter: result.RetryAfter, Degradations: degradations),
            _ => result.ErrorCode switch
            {
                429 => new SendResult(SendStatus.Transient, ErrorCode: code, Reason: result.Description, RetryAfter: result.RetryAfter, Degradations: degradations),
                // A wrong token answers 401, and 404 "Not Found" on some methods.
                401 or 404 => new SendResult(SendStatus.Unauthorized, ErrorCode: code, Reason: result.Description, Degradations: degradations),
                >= 400 and < 500 => new SendResult(SendStatus.Permanent, ErrorCode: code, Reason: result.Description, Degradations: degradations),
                _ => new SendResult(SendStatus.Transient, ErrorCode: code, Reason: result.Description, RetryAfter: result.RetryAfter, Degradations: degradations),
            },
        };
    }

    /// <summary>The calls that deliver <paramref name="content"/>, in order; the first carries the reply reference.</summary>
    internal static List<(string Method, JsonObject Body)> Plan(MessageContent content, OutboundMessageRequested message, List<string> degradations)
    {
        var calls = new List<(string, JsonObject)>();
        switch (content)
        {
            case TextContent text:
                foreach (var part in MessageRenderer.SplitText(text.Text, TelegramCapabilities.MaxTextLength, degradations))
                {
                    calls.Add(("sendMessage", Body(message, ("text", part))));
                }

                break;

            case MediaContent media:
                calls.Add(MediaCall(media, message, degradations));
                break;

            case LocationContent location:
                calls.Add(("sendLocation", Body(message, ("latitude", location.Latitude), ("longitude", location.Longitude))));
                break;

            case ContactsContent contacts:
                PlanContacts(contacts, message, degradations, calls);
                break;

            case InteractiveContent interactive:
                PlanInteractive(interactive, message, degradations, calls);
                break;

            case ReactionContent reaction:
                if (!TelegramParser.TryReadMessageId(reaction.TargetPlatformMessageId, out var targetId))
                {
                    degradations.Add("reaction target is not a Telegram message id");
                    break;
                }

                var reactions = new JsonArray();
                if (reaction.Emoji.Length > 0)
                {
                    reactions.Add(new JsonObject { ["type"] = "emoji", ["emoji"] = reaction.Emoji });
                }

                calls.Add(("setMessageReaction", new JsonObject
                {
                    ["chat_id"] = ChatId(message.ChannelAddress),
                    ["message_id"] = targetId,
                    ["reaction"] = reactions,
                }));
                break;
        }

        if (calls.Count > 0 && content is not ReactionContent && TelegramParser.TryReadMessageId(message.InReplyToPlatformMessageId, out var replyTo))
        {
            // A reply to a message that has since been deleted should still arrive.
            calls[0].Item2["reply_parameters"] = new JsonObject { ["message_id"] = replyTo, ["allow_sending_without_reply"] = true };
        }

        return calls;
    }

    private static (string, JsonObject) MediaCall(MediaContent media, OutboundMessageRequested message, List<string> degradations)
    {
        var (method, field) = media.Kind switch
        {
            MediaKind.Image => ("sendPhoto", "photo"),
            MediaKind.Video => ("sendVideo", "video"),
            MediaKind.Audio => ("sendAudio", "audio"),
            MediaKind.Voice => ("sendVoice", "voice"),
            MediaKind.Sticker => ("sendSticker", "sticker"),
            _ => ("sendDocument", "document"),
        };

        // The renderer lets media through only with a URL or an id; Telegram takes either in the same field.
        var body = Body(message, (field, media.MediaId ?? media.Url!));
        if (!string.IsNullOrEmpty(media.Caption))
        {
            if (media.Kind == MediaKind.Sticker)
            {
                degradations.Add("sticker caption dropped");
            }
            else if (media.Caption.Length > TelegramCapabilities.MaxCaptionLength)
            {
                degradations.Add("caption truncated");
                body["caption"] = MessageRenderer.Truncate(media.Caption, TelegramCapabilities.MaxCaptionLength);
            }
            else
            {
                body["caption"] = media.Caption;
            }
        }

        return (method, body);
    }

    private static void PlanContacts(ContactsContent contacts, OutboundMessageRequested message, List<string> degradations, List<(string, JsonObject)> calls)
    {
        var first = contacts.Contacts.FirstOrDefault();
        var phone = first?.Phones?.FirstOrDefault(p => !string.IsNullOrWhiteSpace(p));
        if (first is null || phone is null)
        {
            // sendContact needs a phone number; without one the card goes as text.
            degradations.Add("contacts->text");
            calls.Add(("sendMessage", Body(message, ("text", MessageRenderer.AsText(contacts)))));
            return;
        }

        var body = Body(message, ("phone_number", phone), ("first_name", string.IsNullOrWhiteSpace(first.FormattedName) ? phone : first.FormattedName));
        if (first.Emails is { Count: > 0 } || first.Phones!.Count > 1)
        {
            body["vcard"] = VCard(first);
        }

        calls.Add(("sendContact", body));
        if (contacts.Contacts.Count > 1)
        {
            degradations.Add("contacts beyond the first->text");
            calls.Add(("sendMessage", Body(message, ("text", MessageRenderer.AsText(new ContactsContent(contacts.Contacts.Skip(1).ToList()))))));
        }
    }

    private static void PlanInteractive(InteractiveContent interactive, OutboundMessageRequested message, List<string> degradations, List<(string, JsonObject)> calls)
    {
        var options = interactive.Sections.SelectMany(s => s.Options).ToList();
        if (options.Count == 0 || options.Any(o => o.Id.Length == 0 || Encoding.UTF8.GetByteCount(o.Id) > TelegramCapabilities.MaxCallbackDataBytes))
        {
            // callback_data must be 1-64 bytes: a longer option id cannot round-trip, so the choice goes as numbered text.
            degradations.Add("interactive->text");
            foreach (var part in MessageRenderer.SplitText(MessageRenderer.AsText(interactive), TelegramCapabilities.MaxTextLength))
            {
                calls.Add(("sendMessage", Body(message, ("text", part))));
            }

            return;
        }

        var buttons = options.Select(o => new JsonObject { ["text"] = o.Title, ["callback_data"] = o.Id }).ToList();
        var keyboard = new JsonArray();
        if (interactive.Style == InteractiveStyle.Buttons && buttons.Count <= 3)
        {
            keyboard.Add(new JsonArray([.. buttons]));
        }
        else
        {
            foreach (var button in buttons)
            {
                keyboard.Add(new JsonArray(button));
            }
        }

        var text = string.Join("\n\n", new[] { interactive.Header, interactive.Body, interactive.Footer }.Where(s => !string.IsNullOrEmpty(s)));
        if (text.Length > TelegramCapabilities.MaxTextLength)
        {
            degradations.Add("truncated");
            text = MessageRenderer.Truncate(text, TelegramCapabilities.MaxTextLength);
        }

        var body = Body(message, ("text", text.Length == 0 ? "…" : text));
        body["reply_markup"] = new JsonObject { ["inline_keyboard"] = keyboard };
        calls.Add(("sendMessage", body));
    }

    private static string VCard(SharedContact contact)
    {
        var card = new StringBuilder("BEGIN:VCARD\nVERSION:3.0\n");
        card.Append("FN:").Append(contact.FormattedName ?? "").Append('\n');
        foreach (var phone in contact.Phones ?? [])
        {
            card.Append("TEL:").Append(phone).Append('\n');
        }

        foreach (var email in contact.Emails ?? [])
        {
            card.Append("EMAIL:").Append(email).Append('\n');
        }

        return card.Append("END:VCARD").ToString();
    }

    private static JsonObject Body(OutboundMessageRequested message, params (string Name, JsonNode? Value)[] fields)
    {
        var body = new JsonObject { ["chat_id"] = ChatId(message.ChannelAddress) };
        foreach (var (name, value) in fields)
        {
            body[name] = value;
        }

        return body;
    }

    /// <summary>Numeric chat ids go as numbers; "@channelusername" goes as a string.</summary>
    public static JsonNode ChatId(string channelAddress) =>
        long.TryParse(channelAddress, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
            ? JsonValue.Create(id)
            : JsonValue.Create(channelAddress);

    /// <summary>
    /// Read leniently: the message is out by now, so an unexpected answer shape must not turn a
    /// send into a failure that would be retried and delivered twice.
    /// </summary>
    private static string? SentMessageId(JsonElement result, OutboundMessageRequested message)
    {
        if (result.ValueKind != JsonValueKind.Object)
        {
            // setMessageReaction answers true: the reacted-to message is the one to name.
            return message.Content is ReactionContent reaction ? reaction.TargetPlatformMessageId : null;
        }

        if (!result.TryGetProperty("message_id", out var idElement) || !idElement.TryGetInt64(out var messageId))
        {
            return null;
        }

        return result.TryGetProperty("chat", out var chat) && chat.ValueKind == JsonValueKind.Object
            && chat.TryGetProperty("id", out var chatIdElement) && chatIdElement.TryGetInt64(out var chatId)
            ? TelegramParser.MessageId(chatId, messageId)
            : $"{message.ChannelAddress}:{messageId.ToString(CultureInfo.InvariantCulture)}";
    }
}
