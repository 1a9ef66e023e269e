using System.Globalization;
using System.Text;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// Fits canonical content to a channel's capabilities: content the channel has natively passes
/// through, the rest degrades to text, and each degradation is named so it can be recorded.
/// A channel that can send text can therefore send anything.
/// </summary>
public static class MessageRenderer
{
    public static RenderedMessage Render(MessageContent content, ChannelCapabilities capabilities)
    {
        var degradations = new List<string>();
        MessageContent rendered = content switch
        {
            TextContent text => text,
            MediaContent media when capabilities.Media && (media.Url is not null || (media.MediaId is not null && capabilities.MediaById)) => media,
            MediaContent media => Degrade(degradations, "media", MediaAsText(media)),
            LocationContent location when capabilities.Location => location,
            LocationContent location => Degrade(degradations, "location", LocationAsText(location)),
            ContactsContent contacts when capabilities.Contacts => contacts,
            ContactsContent contacts => Degrade(degradations, "contacts", ContactsAsText(contacts)),
            InteractiveContent interactive when Fits(interactive, capabilities) => interactive,
            InteractiveContent interactive => Degrade(degradations, "interactive", InteractiveAsText(interactive)),
            InteractiveReplyContent reply => new TextContent(reply.Title),
            ReactionContent reaction when capabilities.Reactions => reaction,
            ReactionContent reaction => Degrade(degradations, "reaction", reaction.Emoji),
            TemplateContent template when capabilities.Templates => template,
            TemplateContent template => Degrade(degradations, "template", TemplateAsText(template)),
            UnsupportedContent unsupported => Degrade(degradations, "unsupported", unsupported.Description ?? unsupported.PlatformType),
            _ => Degrade(degradations, content.GetType().Name, string.Empty),
        };

        if (rendered is TextContent { Text.Length: var length } longText && length > capabilities.MaxTextLength)
        {
            degradations.Add("truncated");
            rendered = new TextContent(Truncate(longText.Text, capabilities.MaxTextLength));
        }

        return new RenderedMessage(rendered, degradations);
    }

    /// <summary>The text cut as <see cref="SplitText(string, int)"/> does; more than one piece is recorded as a degradation.</summary>
    public static IReadOnlyList<string> SplitText(string text, int maxLength, List<string> degradations)
    {
        var parts = SplitText(text, maxLength);
        if (parts.Count > 1)
        {
            degradations.Add($"split into {parts.Count} messages");
        }

        return parts;
    }

    /// <summary>
    /// Cuts text into pieces a platform accepts, preferring a line break or a space near the end of
    /// each piece and never cutting a surrogate pair in two.
    /// </summary>
    public static IReadOnlyList<string> SplitText(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return [text];
        }

        var parts = new List<string>();
        var start = 0;
        while (text.Length - start > maxLength)
        {
            var end = start + maxLength;
            if (char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1]))
            {
                end--;
            }

            var window = text.AsSpan(start, end - start);
            var floor = maxLength * 3 / 4;
            var newline = window.LastIndexOf('\n');
            var space = window.LastIndexOf(' ');
            var cut = newline >= floor ? newline + 1 : space >= floor ? space + 1 : window.Length;
            parts.Add(text.Substring(start, cut));
            start += cut;
        }

        parts.Add(text[start..]);
        return parts;
    }

    /// <summary>Cuts at a character boundary, never inside a surrogate pair, and marks the cut.</summary>
    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = Math.Max(0, maxLength - 1);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    /// <summary>
    /// The text a sender puts in place of content its platform cannot carry (an option id too long for a
    /// payload, an attachment type it does not take), recorded as <c>what-&gt;text</c>.
    /// </summary>
    public static TextContent DegradeToText(List<string> degradations, string what, MessageContent content) =>
        Degrade(degradations, what, AsText(content));

    /// <summary>Any content as the plain text a channel that can only send text would show, at any length.</summary>
    public static string AsText(MessageContent content) =>
        ((TextContent)Render(content, new ChannelCapabilities(MaxTextLength: int.MaxValue)).Content).Text;

    private static TextContent Degrade(List<string> degradations, string what, string text)
    {
        degradations.Add(what + "->text");
        return new TextContent(text);
    }

    private static bool Fits(InteractiveContent interactive, ChannelCapabilities capabilities)
    {
        var options = interactive.Sections.Sum(s => s.Options.Count);
        return interactive.Style switch
        {
            InteractiveStyle.Buttons => capabilities.Buttons && options <= capabilities.MaxButtons,
            InteractiveStyle.List => capabilities.Lists,
            _ => false,
        };
    }

    private static string MediaAsText(MediaContent media)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(media.Caption))
        {
            parts.Add(media.Caption);
        }

        parts.Add(media.Url ?? $"[{media.Kind.ToString().ToLowerInvariant()}{(media.FileName is null ? "" : ": " + media.FileName)}]");
        return string.Join("\n", parts);
    }

    private static string LocationAsText(LocationContent location)
    {
        var lat = location.Latitude.ToString("0.######", CultureInfo.InvariantCulture);
        var lon = location.Longitude.ToString("0.######", CultureInfo.InvariantCulture);
        var label = string.Join(", ", new[] { location.Name, location.Address }.Where(s => !string.IsNullOrEmpty(s)));
        var link = $"https://maps.google.com/?q={lat},{lon}";
        return label.Length == 0 ? link : $"{label}\n{link}";
    }

    private static string ContactsAsText(ContactsContent contacts)
    {
        var text = new StringBuilder();
        foreach (var contact in contacts.Contacts)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(contact.FormattedName ?? "Contact");
            foreach (var value in (contact.Phones ?? []).Concat(contact.Emails ?? []))
            {
                text.Append("\n  ").Append(value);
            }
        }

        return text.ToString();
    }

    private static string TemplateAsText(TemplateContent template) =>
        template.FallbackText ?? string.Join("\n", (template.HeaderParameters ?? []).Concat(template.BodyParameters));

    private static string InteractiveAsText(InteractiveContent interactive)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(interactive.Header))
        {
            text.Append(interactive.Header).Append("\n\n");
        }

        text.Append(interactive.Body);
        var number = 1;
        foreach (var section in interactive.Sections)
        {
            text.Append('\n');
            if (!string.IsNullOrEmpty(section.Title))
            {
                text.Append('\n').Append(section.Title);
            }

            foreach (var option in section.Options)
            {
                text.Append('\n').Append(number++).Append(". ").Append(option.Title);
                if (!string.IsNullOrEmpty(option.Description))
                {
                    text.Append(" — ").Append(option.Description);
                }
            }
        }

        if (!string.IsNullOrEmpty(interactive.Footer))
        {
            text.Append("\n\n").Append(interactive.Footer);
        }

        return text.ToString();
    }
}
