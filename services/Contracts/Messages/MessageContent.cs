using System.Text.Json.Serialization;

namespace DaprChannels.Contracts.Messages;

/// <summary>What a message carries. One subtype per content kind; <c>type</c> discriminates in JSON.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextContent), "text")]
[JsonDerivedType(typeof(MediaContent), "media")]
[JsonDerivedType(typeof(LocationContent), "location")]
[JsonDerivedType(typeof(ContactsContent), "contacts")]
[JsonDerivedType(typeof(InteractiveContent), "interactive")]
[JsonDerivedType(typeof(InteractiveReplyContent), "interactive_reply")]
[JsonDerivedType(typeof(ReactionContent), "reaction")]
[JsonDerivedType(typeof(TemplateContent), "template")]
[JsonDerivedType(typeof(UnsupportedContent), "unsupported")]
public abstract record MessageContent;

public sealed record TextContent(string Text) : MessageContent;

public enum MediaKind
{
    Image,
    Audio,
    Video,
    Document,
    Sticker,
    Voice,
}

/// <summary>
/// Media by platform reference (<see cref="MediaId"/>, fetchable through the channel adapter with the
/// integration's credentials) or by public <see cref="Url"/>.
/// </summary>
public sealed record MediaContent(
    MediaKind Kind,
    string? MediaId = null,
    string? Url = null,
    string? MimeType = null,
    string? Caption = null,
    string? FileName = null,
    long? SizeBytes = null) : MessageContent;

public sealed record LocationContent(
    double Latitude,
    double Longitude,
    string? Name = null,
    string? Address = null) : MessageContent;

public sealed record SharedContact(
    string? FormattedName,
    IReadOnlyList<string>? Phones = null,
    IReadOnlyList<string>? Emails = null,
    string? PlatformUserId = null);

public sealed record ContactsContent(IReadOnlyList<SharedContact> Contacts) : MessageContent;

public sealed record InteractiveOption(string Id, string Title, string? Description = null);

public sealed record InteractiveSection(string? Title, IReadOnlyList<InteractiveOption> Options);

public enum InteractiveStyle
{
    Buttons,
    List,
}

/// <summary>An outbound choice: reply buttons or a list. Channels without it degrade to numbered text.</summary>
public sealed record InteractiveContent(
    string Body,
    InteractiveStyle Style,
    IReadOnlyList<InteractiveSection> Sections,
    string? Header = null,
    string? Footer = null,
    string? ListButtonText = null) : MessageContent;

/// <summary>A user's pick of a button, list row, postback or quick reply.</summary>
/// <param name="CallbackId">
/// The platform's id of this press, where the platform wants every press acknowledged and shows the
/// button as loading until it is (Telegram's <c>callback_query.id</c>); null elsewhere.
/// </param>
public sealed record InteractiveReplyContent(string OptionId, string Title, string? CallbackId = null) : MessageContent;

/// <summary>An emoji reaction to a message; an empty <see cref="Emoji"/> removes the reaction.</summary>
public sealed record ReactionContent(string TargetPlatformMessageId, string Emoji) : MessageContent;

/// <summary>
/// A pre-approved message template (WhatsApp), the only kind of message a business may start a
/// conversation with or send once the customer-service window has closed. Parameters fill the
/// template's numbered variables in order: <see cref="BodyParameters"/>[0] is the body's {{1}}.
/// </summary>
/// <param name="Name">The template's name as approved, e.g. "order_update".</param>
/// <param name="LanguageCode">The approved translation to use, e.g. "en_US" or "de".</param>
/// <param name="HeaderParameters">Values of a text header's variables, when the template has one.</param>
/// <param name="FallbackText">What channels without templates send instead; the parameters joined when absent.</param>
public sealed record TemplateContent(
    string Name,
    string LanguageCode,
    IReadOnlyList<string> BodyParameters,
    IReadOnlyList<string>? HeaderParameters = null,
    string? FallbackText = null) : MessageContent;

/// <summary>Something the platform sent that has no canonical form yet; kept so nothing is lost.</summary>
public sealed record UnsupportedContent(string PlatformType, string? Description = null) : MessageContent;
