using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Widget;

/// <summary>Turns a widget post into a canonical message.</summary>
public static class WidgetParser
{
    /// <summary>The RawDelivery header in which Ingress passes on the visitor id it verified.</summary>
    public const string VisitorHeader = "x-widget-visitor";

    public const int MaxMessageIdLength = 64;
    public const int MaxNameLength = 100;

    /// <summary>The client's message id, when it is 1-64 characters of [A-Za-z0-9_-]; read without building the rest.</summary>
    /// <remarks>Without a readable id the body's hash deduplicates, and the Normalizer drops the message with the reason.</remarks>
    public static string? ReadMessageId(ReadOnlySpan<byte> body) =>
        PlatformJson.ReadTopLevelProperty(body, "id"u8, static (ref reader) =>
            reader.TokenType == JsonTokenType.String && reader.GetString() is var id && IsValidMessageId(id) ? id : null);

    public static bool IsValidMessageId([NotNullWhen(true)] string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxMessageIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    public static ParsedDelivery Parse(RawDelivery delivery, int maxTextLength)
    {
        var visitorId = HeaderLookup.Find(delivery.Headers, VisitorHeader);
        if (!WidgetVisitorToken.IsValidVisitorId(visitorId))
        {
            throw new FormatException("The widget delivery carries no verified visitor id.");
        }

        var body = PlatformJson.ReadDelivery<WidgetInboundMessage>(delivery.Body, WidgetJson.Options, "widget message", "expected");

        if (body is null || !IsValidMessageId(body.Id))
        {
            throw new FormatException("The widget message needs an id of 1-64 characters of A-Z, a-z, 0-9, '_' and '-'.");
        }

        MessageContent content;
        if (!string.IsNullOrEmpty(body.OptionId))
        {
            if (body.OptionId.Length > 256)
            {
                throw new FormatException("The widget option id is too long.");
            }

            content = new InteractiveReplyContent(body.OptionId, Limit(body.Title?.Trim(), 256) ?? body.OptionId);
        }
        else
        {
            var text = body.Text?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                throw new FormatException("The widget message has no text.");
            }

            if (text.Length > maxTextLength)
            {
                throw new FormatException($"The widget message is longer than {maxTextLength} characters.");
            }

            content = new TextContent(text);
        }

        var name = Limit(body.Name?.Trim(), MaxNameLength);
        // Message ids come from browsers, so they are only unique per visitor.
        var message = new CanonicalMessage(
            ScopedMessageId(visitorId, body.Id),
            new ContactRef(visitorId, string.IsNullOrEmpty(name) ? null : name),
            visitorId,
            content,
            // The browser's clock is not trusted; the time Ingress received it is.
            delivery.OccurredAt);
        return new ParsedDelivery([message], [], []);
    }

    public static string ScopedMessageId(string visitorId, string messageId) => visitorId + ":" + messageId;

    private static string? Limit(string? value, int maxLength) =>
        value is null || value.Length <= maxLength ? value : value[..maxLength];
}
