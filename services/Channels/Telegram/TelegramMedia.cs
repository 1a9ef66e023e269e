using System.Text.Json;
using System.Text.RegularExpressions;

namespace DaprChannels.Channels.Telegram;

/// <summary>
/// Fetches a received file by its file_id: getFile for its file_path, then the file server's
/// <c>/file/bot{token}/{file_path}</c>, streamed. Bots may download at most 20 MB; Telegram answers
/// "file is too big" for anything larger.
/// </summary>
public static partial class TelegramMedia
{
    public const long BotApiDownloadLimit = 20L * 1024 * 1024;

    public static async Task<MediaFetchResult> FetchAsync(TelegramApiClient api, ChannelIntegration integration, string fileId, CancellationToken cancellationToken)
    {
        if (!IsValidFileId(fileId))
        {
            return MediaFetchResult.Failed(MediaFetchStatus.NotFound, "A Telegram file id is letters, digits, '-' and '_'.");
        }

        var token = integration.RequireCredential(TelegramCredentials.BotToken);
        var result = await api.GetFileAsync(token, fileId, cancellationToken);
        if (!result.IsOk)
        {
            return GetFileFailure(result);
        }

        var file = result.Result.ValueKind == JsonValueKind.Object ? result.Result.Deserialize<TelegramFileInfo>(TelegramJson.Options) : null;
        if (string.IsNullOrEmpty(file?.FilePath))
        {
            return MediaFetchResult.Failed(MediaFetchStatus.NotFound, "Telegram has no downloadable copy of the file.");
        }

        return await api.DownloadFileAsync(token, file.FilePath, null, file.FileSize, cancellationToken);
    }

    /// <summary>file_ids are URL-safe base64; checked before one is sent anywhere.</summary>
    public static bool IsValidFileId(string? fileId) => fileId is not null && FileIdPattern().IsMatch(fileId);

    /// <summary>A relative path such as "photos/file_3.jpg": nothing that could climb out of the bot's file folder.</summary>
    public static bool IsValidFilePath(string? filePath) =>
        filePath is not null && FilePathPattern().IsMatch(filePath) && !filePath.Split('/').Any(segment => segment is "" or "." or "..");

    internal static MediaFetchResult TooLarge(long limit) =>
        MediaFetchResult.Failed(MediaFetchStatus.TooLarge, $"The file is larger than the {limit} bytes a bot may download.");

    private static MediaFetchResult GetFileFailure(TelegramCallResult result) => result.Outcome switch
    {
        TelegramCallOutcome.Timeout or TelegramCallOutcome.NetworkError =>
            MediaFetchResult.Failed(MediaFetchStatus.Transient, result.Description ?? "Telegram could not be asked."),
        _ => result.ErrorCode switch
        {
            401 or 404 => MediaFetchResult.Failed(MediaFetchStatus.Unauthorized, "Telegram refused the bot token."),
            429 or >= 500 => MediaFetchResult.Failed(MediaFetchStatus.Transient, $"Telegram could not be asked now: {result.Description}"),
            _ when result.Description?.Contains("too big", StringComparison.OrdinalIgnoreCase) == true => TooLarge(BotApiDownloadLimit),
            _ => MediaFetchResult.Failed(MediaFetchStatus.NotFound, "Telegram knows no file with that id for this bot."),
        },
    };

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}\z", RegexOptions.CultureInvariant)]
    private static partial Regex FileIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_./-]{1,512}\z", RegexOptions.CultureInvariant)]
    private static partial Regex FilePathPattern();
}
