using System.Text.Json.Nodes;
using DaprChannels.Channels.Meta;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Meta.CloudApi;

/// <summary>
/// Turns a canonical outbound message into Cloud API message bodies and their outcome into a
/// <see cref="SendResult"/>. Reply buttons hold at most three options: four to ten options go as a
/// list message instead ("buttons->list"), more than ten as numbered text ("interactive->text").
/// </summary>
public sealed class WhatsAppSender(ICloudApiMessagesEndpoint api)
{
    // Text is split rather than truncated, so the renderer is told there is no length limit.
    private static readonly ChannelCapabilities RenderCapabilities = WhatsAppCapabilities.Value with { MaxTextLength = int.MaxValue };

    public async Task<SendResult> SendAsync(OutboundMessageRequested message, string accessToken, string phoneNumberId, CancellationToken cancellationToken)
    {
        var degradations = new List<string>();
        var content = FitInteractive(message.Content, degradations);
        var rendered = MessageRenderer.Render(content, RenderCapabilities);
        degradations.AddRange(rendered.Degradations);
        var bodies = Plan(rendered.Content, message, degradations);
        return await MessageParts.SendAsync(bodies, degradations, async (body, ct) =>
        {
            var result = await api.SendMessageAsync(accessToken, phoneNumberId, body, ct);
            return result.IsOk ? SendResult.Sent(CloudApiMessages.SentMessageId(result.Body)) : api.ToFailure(result, degradations, accessToken);
        }, cancellationToken);
    }

    /// <summary>Reply buttons beyond three become a list; beyond ten rows, or with ids too long to round-trip, numbered text.</summary>
    internal static MessageContent FitInteractive(MessageContent content, List<string> degradations)
    {
        if (content is not InteractiveContent interactive)
        {
            return content;
        }

        var options = interactive.Sections.SelectMany(s => s.Options).ToList();
        var tooMany = options.Count > WhatsAppCapabilities.MaxListRows || interactive.Sections.Count > WhatsAppCapabilities.MaxListSections;
        var unusable = options.Count == 0 || options.Any(o => o.Id.Length is 0 or > WhatsAppCapabilities.MaxOptionIdLength)
            || interactive.Body.Length is 0 or > WhatsAppCapabilities.MaxInteractiveBodyLength;
        if (tooMany || unusable)
        {
            return MessageRenderer.DegradeToText(degradations, "interactive", interactive);
        }

        if (interactive.Style == InteractiveStyle.Buttons && options.Count > WhatsAppCapabilities.MaxReplyButtons)
        {
            degradations.Add("buttons->list");
            return interactive with { Style = InteractiveStyle.List };
        }

        return interactive;
    }

    /// <summary>The message bodies that deliver <paramref name="content"/>, in order; the first carries the reply reference.</summary>
    internal static List<JsonObject> Plan(MessageContent content, OutboundMessageRequested message, List<string> degradations)
    {
        var bodies = new List<JsonObject>();
        switch (content)
        {
            case TextContent text:
                foreach (var part in MessageRenderer.SplitText(text.Text, WhatsAppCapabilities.MaxTextLength, degradations))
                {
                    bodies.Add(Body(message, "text", new JsonObject { ["preview_url"] = false, ["body"] = part }));
                }

                break;

            case MediaContent media:
                bodies.Add(MediaBody(media, message, degradations));
                break;

            case LocationContent location:
                var place = new JsonObject { ["latitude"] = location.Latitude, ["longitude"] = location.Longitude };
                if (!string.IsNullOrEmpty(location.Name))
                {
                    place["name"] = location.Name;
                }

                if (!string.IsNullOrEmpty(location.Address))
                {
                    place["address"] = location.Address;
                }

                bodies.Add(Body(message, "location", place));
                break;

            case ContactsContent contacts:
                bodies.Add(Body(message, "contacts", new JsonArray([.. contacts.Contacts.Select(ContactCard)])));
                break;

            case InteractiveContent interactive:
                bodies.Add(Body(message, "interactive", Interactive(interactive, degradations)));
                break;

            case TemplateContent template:
                if (template.Name.Length > 0 && template.LanguageCode.Length > 0)
                {
                    bodies.Add(Body(message, "template", Template(template, degradations)));
                }
                else
                {
                    degradations.Add("template without a name or language code");
                }

                break;

            case ReactionContent reaction:
                // A reaction names its message itself and takes no reply context.
                return [Body(message, "reaction", new JsonObject { ["message_id"] = reaction.TargetPlatformMessageId, ["emoji"] = reaction.Emoji })];
        }

        if (bodies.Count > 0 && !string.IsNullOrEmpty(message.InReplyToPlatformMessageId))
        {
            bodies[0]["context"] = new JsonObject { ["message_id"] = message.InReplyToPlatformMessageId };
        }

        return bodies;
    }

    private static JsonObject MediaBody(MediaContent media, OutboundMessageRequested message, List<string> degradations)
    {
        var type = media.Kind switch
        {
            MediaKind.Image => "image",
            MediaKind.Video => "video",
            MediaKind.Audio or MediaKind.Voice => "audio",
            MediaKind.Sticker => "sticker",
            _ => "document",
        };

        // The renderer lets media through only with an id or a URL; an uploaded id is preferred.
        var item = media.MediaId is not null ? new JsonObject { ["id"] = media.MediaId } : new JsonObject { ["link"] = media.Url };
        if (!string.IsNullOrEmpty(media.Caption))
        {
            if (type is "audio" or "sticker")
            {
                degradations.Add($"{type} caption dropped");
            }
            else if (media.Caption.Length > WhatsAppCapabilities.MaxCaptionLength)
            {
                degradations.Add("caption truncated");
                item["caption"] = MessageRenderer.Truncate(media.Caption, WhatsAppCapabilities.MaxCaptionLength);
            }
            else
            {
                item["caption"] = media.Caption;
            }
        }

        if (type == "document" && !string.IsNullOrEmpty(media.FileName))
        {
            item["filename"] = media.FileName;
        }

        return Body(message, type, item);
    }

    private static JsonObject ContactCard(SharedContact contact)
    {
        var name = string.IsNullOrWhiteSpace(contact.FormattedName) ? contact.Phones?.FirstOrDefault() ?? "Contact" : contact.FormattedName;
        // formatted_name is required, and so is one more name part.
        var card = new JsonObject { ["name"] = new JsonObject { ["formatted_name"] = name, ["first_name"] = name } };
        if (contact.Phones is { Count: > 0 } phones)
        {
            card["phones"] = new JsonArray([.. phones.Select(p => (JsonNode)new JsonObject { ["phone"] = p })]);
        }

        if (contact.Emails is { Count: > 0 } emails)
        {
            card["emails"] = new JsonArray([.. emails.Select(e => (JsonNode)new JsonObject { ["email"] = e })]);
        }

        return card;
    }

    private static JsonObject Interactive(InteractiveContent interactive, List<string> degradations)
    {
        var truncated = false;
        string Fit(string text, int max)
        {
            if (text.Length <= max)
            {
                return text;
            }

            truncated = true;
            return MessageRenderer.Truncate(text, max);
        }

        var body = new JsonObject { ["body"] = new JsonObject { ["text"] = interactive.Body } };
        if (!string.IsNullOrEmpty(interactive.Header))
        {
            body["header"] = new JsonObject { ["type"] = "text", ["text"] = Fit(interactive.Header, WhatsAppCapabilities.MaxHeaderLength) };
        }

        if (!string.IsNullOrEmpty(interactive.Footer))
        {
            body["footer"] = new JsonObject { ["text"] = Fit(interactive.Footer, WhatsAppCapabilities.MaxFooterLength) };
        }

        if (interactive.Style == InteractiveStyle.Buttons)
        {
            body["type"] = "button";
            var buttons = interactive.Sections.SelectMany(s => s.Options).Select(o => (JsonNode)new JsonObject
            {
                ["type"] = "reply",
                ["reply"] = new JsonObject { ["id"] = o.Id, ["title"] = Fit(o.Title, WhatsAppCapabilities.MaxButtonTitleLength) },
            });
            body["action"] = new JsonObject { ["buttons"] = new JsonArray([.. buttons]) };
        }
        else
        {
            body["type"] = "list";
            var sections = new JsonArray();
            var number = 1;
            foreach (var section in interactive.Sections.Where(s => s.Options.Count > 0))
            {
                var rows = section.Options.Select(o =>
                {
                    var row = new JsonObject { ["id"] = o.Id, ["title"] = Fit(o.Title, WhatsAppCapabilities.MaxRowTitleLength) };
                    if (!string.IsNullOrEmpty(o.Description))
                    {
                        row["description"] = Fit(o.Description, WhatsAppCapabilities.MaxRowDescriptionLength);
                    }

                    return (JsonNode)row;
                });
                var item = new JsonObject { ["rows"] = new JsonArray([.. rows]) };
                // A title is required as soon as there is more than one section.
                var title = section.Title ?? (interactive.Sections.Count > 1 ? $"Options {number}" : null);
                if (!string.IsNullOrEmpty(title))
                {
                    item["title"] = Fit(title, WhatsAppCapabilities.MaxSectionTitleLength);
                }

                sections.Add(item);
                number++;
            }

            body["action"] = new JsonObject
            {
                ["button"] = Fit(string.IsNullOrWhiteSpace(interactive.ListButtonText) ? "Options" : interactive.ListButtonText, WhatsAppCapabilities.MaxListButtonTextLength),
                ["sections"] = sections,
            };
        }

        if (truncated)
        {
            degradations.Add("interactive labels truncated");
        }

        return body;
    }

    /// <summary>
    /// The documented template object: name, language code and one component per part with variables.
    /// Variable values may not hold line breaks, tabs or more than four spaces in a row (error 132018),
    /// so such whitespace is flattened to one space instead of having the whole message refused.
    /// </summary>
    private static JsonObject Template(TemplateContent template, List<string> degradations)
    {
        var flattened = false;
        JsonArray Parameters(IEnumerable<string> values) => new([.. values.Select(value =>
        {
            var text = string.Join(' ', value.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            while (text.Contains("     ", StringComparison.Ordinal))
            {
                text = text.Replace("     ", " ", StringComparison.Ordinal);
            }

            flattened |= text != value;
            return (JsonNode)new JsonObject { ["type"] = "text", ["text"] = text };
        })]);

        var components = new JsonArray();
        if (template.HeaderParameters is { Count: > 0 } header)
        {
            components.Add(new JsonObject { ["type"] = "header", ["parameters"] = Parameters(header) });
        }

        if (template.BodyParameters.Count > 0)
        {
            components.Add(new JsonObject { ["type"] = "body", ["parameters"] = Parameters(template.BodyParameters) });
        }

        if (flattened)
        {
            degradations.Add("template parameter whitespace flattened");
        }

        var body = new JsonObject { ["name"] = template.Name, ["language"] = new JsonObject { ["code"] = template.LanguageCode } };
        if (components.Count > 0)
        {
            body["components"] = components;
        }

        return body;
    }

    private static JsonObject Body(OutboundMessageRequested message, string type, JsonNode payload) => new()
    {
        ["recipient_type"] = "individual",
        ["to"] = message.ChannelAddress,
        ["type"] = type,
        [type] = payload,
    };
}
