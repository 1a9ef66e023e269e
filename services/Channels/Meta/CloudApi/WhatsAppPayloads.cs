using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaprChannels.Channels.Meta.CloudApi;

// The webhook objects this adapter reads, as documented in the WhatsApp Cloud API "messages"
// webhook reference. Only the fields the adapter uses are declared.

/// <summary>The JSON shape of the Graph API: snake_case names, absent rather than null.</summary>
public static class WhatsAppJson
{
    // Timestamps are Unix seconds sent as strings, which the shared options read as numbers.
    public static readonly JsonSerializerOptions Options = PlatformJson.SnakeCase;
}

public sealed class WhatsAppWebhook
{
    public string? Object { get; set; }
    public List<WhatsAppEntry>? Entry { get; set; }
}

public sealed class WhatsAppEntry
{
    public string? Id { get; set; }
    public List<WhatsAppChange>? Changes { get; set; }
}

public sealed class WhatsAppChange
{
    public string? Field { get; set; }
    public WhatsAppValue? Value { get; set; }
}

public sealed class WhatsAppValue
{
    public string? MessagingProduct { get; set; }
    public WhatsAppMetadata? Metadata { get; set; }
    public List<WhatsAppContact>? Contacts { get; set; }
    public List<WhatsAppMessage>? Messages { get; set; }
    public List<WhatsAppStatus>? Statuses { get; set; }
}

public sealed class WhatsAppMetadata
{
    public string? DisplayPhoneNumber { get; set; }
    public string? PhoneNumberId { get; set; }
}

public sealed class WhatsAppContact
{
    public WhatsAppProfile? Profile { get; set; }
    public string? WaId { get; set; }
}

public sealed class WhatsAppProfile
{
    public string? Name { get; set; }
}

public sealed class WhatsAppMessage
{
    public string? From { get; set; }
    public string? Id { get; set; }
    public long? Timestamp { get; set; }
    public string? Type { get; set; }
    public WhatsAppContext? Context { get; set; }
    public WhatsAppText? Text { get; set; }
    public WhatsAppMedia? Image { get; set; }
    public WhatsAppMedia? Audio { get; set; }
    public WhatsAppMedia? Video { get; set; }
    public WhatsAppMedia? Document { get; set; }
    public WhatsAppMedia? Sticker { get; set; }
    public WhatsAppLocation? Location { get; set; }
    public List<WhatsAppSharedContact>? Contacts { get; set; }
    public WhatsAppInteractive? Interactive { get; set; }
    public WhatsAppButton? Button { get; set; }
    public WhatsAppReaction? Reaction { get; set; }
    public List<WhatsAppError>? Errors { get; set; }
}

public sealed class WhatsAppContext
{
    public string? From { get; set; }
    public string? Id { get; set; }
}

public sealed class WhatsAppText
{
    public string? Body { get; set; }
}

public sealed class WhatsAppMedia
{
    public string? Id { get; set; }
    public string? MimeType { get; set; }
    public string? Sha256 { get; set; }
    public string? Caption { get; set; }
    public string? Filename { get; set; }

    /// <summary>Set on audio recorded in the app as a voice note.</summary>
    public bool? Voice { get; set; }

    public bool? Animated { get; set; }
}

public sealed class WhatsAppLocation
{
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public string? Name { get; set; }
    public string? Address { get; set; }
}

public sealed class WhatsAppSharedContact
{
    public WhatsAppContactName? Name { get; set; }
    public List<WhatsAppContactPhone>? Phones { get; set; }
    public List<WhatsAppContactEmail>? Emails { get; set; }
}

public sealed class WhatsAppContactName
{
    public string? FormattedName { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
}

public sealed class WhatsAppContactPhone
{
    public string? Phone { get; set; }
    public string? WaId { get; set; }
    public string? Type { get; set; }
}

public sealed class WhatsAppContactEmail
{
    public string? Email { get; set; }
    public string? Type { get; set; }
}

public sealed class WhatsAppInteractive
{
    public string? Type { get; set; }
    public WhatsAppReply? ButtonReply { get; set; }
    public WhatsAppReply? ListReply { get; set; }
}

public sealed class WhatsAppReply
{
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
}

/// <summary>A tap on a template's quick-reply button.</summary>
public sealed class WhatsAppButton
{
    public string? Payload { get; set; }
    public string? Text { get; set; }
}

public sealed class WhatsAppReaction
{
    public string? MessageId { get; set; }
    public string? Emoji { get; set; }
}

public sealed class WhatsAppStatus
{
    public string? Id { get; set; }
    public string? Status { get; set; }
    public long? Timestamp { get; set; }
    public string? RecipientId { get; set; }
    public List<WhatsAppError>? Errors { get; set; }
}

public sealed class WhatsAppError
{
    public int? Code { get; set; }
    public string? Title { get; set; }
    public string? Message { get; set; }
    public WhatsAppErrorData? ErrorData { get; set; }
}

public sealed class WhatsAppErrorData
{
    public string? Details { get; set; }
}
