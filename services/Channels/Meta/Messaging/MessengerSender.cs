using System.Text.Json.Nodes;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Meta.Messaging;

/// <summary>
/// Turns a canonical outbound message into Send API bodies and their outcome into a <see cref="SendResult"/>.
/// </summary>
/// <remarks>
/// Decisions, each recorded as a degradation where content changes:
/// <list type="bullet">
/// <item>Buttons go as quick replies (up to 13, titles cut at 20 characters), not as a button template: quick replies
/// take the full text length and answer with the option id as payload. Header and footer join the text. More than 13
/// options, lists, or ids longer than a payload may be go as numbered text ("interactive->text").</item>
/// <item>Text longer than the platform's limit is split ("split into N messages"); attachments carry no caption, so a
/// caption follows as its own text message ("caption sent separately").</item>
/// <item>Stickers go as images, voice notes as audio; media only by URL (the renderer turns the rest into text).</item>
/// <item>Reactions use <c>sender_action</c> react / unreact. Reply references are not sent: the Send API has none.</item>
/// </list>
/// </remarks>
public sealed class MessengerSender(MessengerApiClient api, MessagingSendProfile profile)
{
    private static readonly HashSet<string> Hearts = new(StringComparer.Ordinal) { "\u2764\uFE0F", "\u2764", "love" };

    // Text is split rather than truncated, so the renderer is told there is no length limit.
    private readonly ChannelCapabilities _renderCapabilities = profile.Capabilities with { MaxTextLength = int.MaxValue };

    private int MaxText => profile.Capabilities.MaxTextLength;

    public async Task<SendResult> SendAsync(OutboundMessageRequested message, string accessToken, string accountId, CancellationToken cancellationToken)
    {
        var degradations = new List<string>();
        var content = FitInteractive(message.Content, degradations);
        var rendered = MessageRenderer.Render(content, _renderCapabilities);
        degradations.AddRange(rendered.Degradations);
        var bodies = Plan(rendered.Content, message.ChannelAddress, degradations);
        if (message.Origin == MessageOrigin.Agent)
        {
            // A person's reply is tagged as one, which the platform accepts for 7 days after the contact's last message.
            foreach (var body in bodies.Where(b => b.ContainsKey("messaging_type")))
            {
                body["messaging_type"] = MessengerApiClient.MessagingTypeMessageTag;
                body["tag"] = MessengerApiClient.HumanAgentTag;
            }
        }

        return await MessageParts.SendAsync(bodies, degradations, async (body, ct) =>
        {
            var result = await api.SendMessageAsync(accessToken, accountId, body, ct);
            return result.IsOk ? SendResult.Sent(MessengerApiClient.SentMessageId(result.Body)) : MessengerErrorMapping.ToFailure(result, degradations, accessToken);
        }, cancellationToken);
    }

    /// <summary>Quick replies hold 13 options with payloads up to 1000 characters; anything else becomes numbered text.</summary>
    internal MessageContent FitInteractive(MessageContent content, List<string> degradations)
    {
        if (content is not InteractiveContent { Style: InteractiveStyle.Buttons } interactive)
        {
            return content;
        }

        var options = interactive.Sections.SelectMany(s => s.Options).ToList();
        var unusable = options.Count is 0 or > MessengerCapabilities.MaxQuickReplies
            || options.Any(o => o.Id.Length is 0 or > MessengerCapabilities.MaxQuickReplyPayloadLength)
            || PromptOf(interactive).Length is 0 || PromptOf(interactive).Length > MaxText;
        if (unusable)
        {
            return MessageRenderer.DegradeToText(degradations, "interactive", interactive);
        }

        return interactive;
    }

    internal List<JsonObject> Plan(MessageContent content, string recipient, List<string> degradations)
    {
        var bodies = new List<JsonObject>();
        switch (content)
        {
            case TextContent text:
                AddText(bodies, recipient, text.Text, degradations);

                break;

            case MediaContent media:
                AddMedia(bodies, recipient, media, degradations);
                break;

            case InteractiveContent interactive:
                bodies.Add(QuickReplies(recipient, interactive, degradations));
                break;

            case ReactionContent reaction:
                bodies.Add(Reaction(recipient, reaction, degradations));
                break;
        }

        return bodies;
    }

    /// <param name="splits">Where a split into several messages is recorded; null where the text is itself a degradation.</param>
    private void AddText(List<JsonObject> bodies, string recipient, string text, List<string>? splits = null)
    {
        if (text.Length == 0)
        {
            return;
        }

        foreach (var part in splits is null ? MessageRenderer.SplitText(text, MaxText) : MessageRenderer.SplitText(text, MaxText, splits))
        {
            bodies.Add(Message(recipient, new JsonObject { ["text"] = part }));
        }
    }

    private void AddMedia(List<JsonObject> bodies, string recipient, MediaContent media, List<string> degradations)
    {
        var type = media.Kind switch
        {
            MediaKind.Image => "image",
            MediaKind.Sticker => "image",
            MediaKind.Video => "video",
            MediaKind.Audio or MediaKind.Voice => "audio",
            _ => "file",
        };

        if (!profile.AttachmentTypes.Contains(type) || media.Url is null)
        {
            AddText(bodies, recipient, MessageRenderer.DegradeToText(degradations, media.Kind.ToString().ToLowerInvariant(), media).Text);
            return;
        }

        if (media.Kind == MediaKind.Sticker)
        {
            degradations.Add("sticker->image");
        }

        var payload = new JsonObject { ["url"] = media.Url, ["is_reusable"] = true };
        bodies.Add(Message(recipient, new JsonObject { ["attachment"] = new JsonObject { ["type"] = type, ["payload"] = payload } }));
        if (!string.IsNullOrEmpty(media.Caption))
        {
            degradations.Add("caption sent separately");
            AddText(bodies, recipient, media.Caption);
        }
    }

    private static JsonObject QuickReplies(string recipient, InteractiveContent interactive, List<string> degradations)
    {
        var truncated = false;
        var replies = new JsonArray();
        foreach (var option in interactive.Sections.SelectMany(s => s.Options))
        {
            var title = option.Title.Length == 0 ? option.Id : option.Title;
            if (title.Length > MessengerCapabilities.MaxQuickReplyTitleLength)
            {
                truncated = true;
                title = MessageRenderer.Truncate(title, MessengerCapabilities.MaxQuickReplyTitleLength);
            }

            replies.Add(new JsonObject { ["content_type"] = "text", ["title"] = title, ["payload"] = option.Id });
        }

        if (truncated)
        {
            degradations.Add("quick reply titles truncated");
        }

        return Message(recipient, new JsonObject { ["text"] = PromptOf(interactive), ["quick_replies"] = replies });
    }

    private JsonObject Reaction(string recipient, ReactionContent reaction, List<string> degradations)
    {
        var body = new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = recipient },
            ["sender_action"] = reaction.Emoji.Length == 0 ? "unreact" : "react",
            ["payload"] = new JsonObject { ["message_id"] = reaction.TargetPlatformMessageId },
        };
        if (reaction.Emoji.Length == 0)
        {
            return body;
        }

        if (!profile.LoveReactionOnly)
        {
            body["payload"]!["reaction"] = reaction.Emoji;
            return body;
        }

        if (Hearts.Contains(reaction.Emoji))
        {
            body["payload"]!["reaction"] = "love";
            return body;
        }

        degradations.Add("reaction->text");
        return Message(recipient, new JsonObject { ["text"] = reaction.Emoji });
    }

    /// <summary>The quick-reply prompt: header, body and footer as one text, since the Send API has no separate fields.</summary>
    private static string PromptOf(InteractiveContent interactive) =>
        string.Join("\n\n", new[] { interactive.Header, interactive.Body, interactive.Footer }.Where(s => !string.IsNullOrEmpty(s)));

    private static JsonObject Message(string recipient, JsonObject message) => new()
    {
        ["recipient"] = new JsonObject { ["id"] = recipient },
        ["messaging_type"] = MessengerApiClient.MessagingTypeResponse,
        ["message"] = message,
    };
}
