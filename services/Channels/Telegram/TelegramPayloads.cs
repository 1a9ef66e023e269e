using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaprChannels.Channels.Telegram;

// The Bot API objects this adapter reads, as documented at core.telegram.org/bots/api.
// Only the fields the adapter uses are declared; everything else is kept in extension data
// where it matters (a message kind we do not know yet must still be named, not dropped).

/// <summary>The JSON shape of the Bot API: snake_case names, absent rather than null.</summary>
public static class TelegramJson
{
    public static readonly JsonSerializerOptions Options = PlatformJson.SnakeCase;
}

public sealed class TelegramUpdate
{
    public long? UpdateId { get; set; }
    public TelegramMessage? Message { get; set; }
    public TelegramMessage? EditedMessage { get; set; }
    public TelegramMessage? ChannelPost { get; set; }
    public TelegramMessage? EditedChannelPost { get; set; }
    public TelegramMessage? BusinessMessage { get; set; }
    public TelegramMessage? EditedBusinessMessage { get; set; }
    public TelegramCallbackQuery? CallbackQuery { get; set; }
    public TelegramChatMemberUpdated? MyChatMember { get; set; }
    public TelegramChatMemberUpdated? ChatMember { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}

public sealed class TelegramUser
{
    public long Id { get; set; }
    public bool IsBot { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Username { get; set; }
    public string? LanguageCode { get; set; }
    public bool? CanJoinGroups { get; set; }
}

public sealed class TelegramChat
{
    public long Id { get; set; }
    public string? Type { get; set; }
    public string? Title { get; set; }
    public string? Username { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
}

public sealed class TelegramMessage
{
    public long MessageId { get; set; }
    public TelegramUser? From { get; set; }
    public TelegramChat? SenderChat { get; set; }
    public TelegramChat? Chat { get; set; }
    public long Date { get; set; }
    public long? EditDate { get; set; }
    public TelegramMessage? ReplyToMessage { get; set; }
    public string? Text { get; set; }
    public string? Caption { get; set; }
    public List<TelegramPhotoSize>? Photo { get; set; }
    public TelegramFile? Document { get; set; }
    public TelegramFile? Voice { get; set; }
    public TelegramFile? Audio { get; set; }
    public TelegramFile? Video { get; set; }
    public TelegramFile? VideoNote { get; set; }
    public TelegramFile? Animation { get; set; }
    public TelegramSticker? Sticker { get; set; }
    public TelegramLocation? Location { get; set; }
    public TelegramVenue? Venue { get; set; }
    public TelegramContact? Contact { get; set; }
    public TelegramInlineKeyboardMarkup? ReplyMarkup { get; set; }

    /// <summary>Every field not declared above: what tells an unknown message kind apart.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}

public sealed class TelegramPhotoSize
{
    public string FileId { get; set; } = "";
    public string? FileUniqueId { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public long? FileSize { get; set; }
}

/// <summary>The fields Document, Voice, Audio, Video, VideoNote and Animation share.</summary>
public sealed class TelegramFile
{
    public string FileId { get; set; } = "";
    public string? FileUniqueId { get; set; }
    public string? FileName { get; set; }
    public string? MimeType { get; set; }
    public long? FileSize { get; set; }
    public int? Duration { get; set; }
    public string? Performer { get; set; }
    public string? Title { get; set; }
}

public sealed class TelegramSticker
{
    public string FileId { get; set; } = "";
    public string? FileUniqueId { get; set; }
    public string? Type { get; set; }
    public bool IsAnimated { get; set; }
    public bool IsVideo { get; set; }
    public string? Emoji { get; set; }
    public string? SetName { get; set; }
    public long? FileSize { get; set; }
}

public sealed class TelegramLocation
{
    public double Latitude { get; set; }
    public double Longitude { get; set; }
}

public sealed class TelegramVenue
{
    public TelegramLocation? Location { get; set; }
    public string? Title { get; set; }
    public string? Address { get; set; }
}

public sealed class TelegramContact
{
    public string? PhoneNumber { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public long? UserId { get; set; }
    public string? Vcard { get; set; }
}

public sealed class TelegramCallbackQuery
{
    public string Id { get; set; } = "";
    public TelegramUser? From { get; set; }
    public TelegramMessage? Message { get; set; }
    public string? InlineMessageId { get; set; }
    public string? ChatInstance { get; set; }
    public string? Data { get; set; }
    public string? GameShortName { get; set; }
}

public sealed class TelegramInlineKeyboardMarkup
{
    public List<List<TelegramInlineKeyboardButton>>? InlineKeyboard { get; set; }
}

public sealed class TelegramInlineKeyboardButton
{
    public string Text { get; set; } = "";
    public string? CallbackData { get; set; }
    public string? Url { get; set; }
}

public sealed class TelegramChatMemberUpdated
{
    public TelegramChat? Chat { get; set; }
    public TelegramUser? From { get; set; }
    public long Date { get; set; }
    public TelegramChatMember? OldChatMember { get; set; }
    public TelegramChatMember? NewChatMember { get; set; }
}

public sealed class TelegramChatMember
{
    public string? Status { get; set; }
    public TelegramUser? User { get; set; }
}

/// <summary>The envelope of every Bot API answer: ok with a result, or an error code and description.</summary>
public sealed class TelegramResponse
{
    public bool Ok { get; set; }
    public JsonElement Result { get; set; }
    public int? ErrorCode { get; set; }
    public string? Description { get; set; }
    public TelegramResponseParameters? Parameters { get; set; }
}

public sealed class TelegramResponseParameters
{
    public int? RetryAfter { get; set; }
    public long? MigrateToChatId { get; set; }
}

/// <summary>getFile's answer; the download URL is built from file_path and contains the token.</summary>
public sealed class TelegramFileInfo
{
    public string FileId { get; set; } = "";
    public string? FileUniqueId { get; set; }
    public long? FileSize { get; set; }
    public string? FilePath { get; set; }
}
