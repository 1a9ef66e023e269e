using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DaprChannels.Channels.Telegram;

/// <summary>How a Bot API call ended.</summary>
public enum TelegramCallOutcome
{
    Ok,

    /// <summary>Telegram answered with ok:false (or a non-2xx status).</summary>
    ApiError,

    /// <summary>No answer within <see cref="TelegramOptions.RequestTimeout"/>.</summary>
    Timeout,

    /// <summary>The connection failed (refused, reset, DNS).</summary>
    NetworkError,
}

/// <summary>One Bot API call's outcome. Carries no URL: the bot token is part of every Bot API URL.</summary>
public sealed record TelegramCallResult(
    TelegramCallOutcome Outcome,
    int HttpStatus,
    JsonElement Result = default,
    int? ErrorCode = null,
    string? Description = null,
    TimeSpan? RetryAfter = null)
{
    public bool IsOk => Outcome == TelegramCallOutcome.Ok;
}

/// <summary>
/// Calls <c>{BaseUrl}/bot{token}/{method}</c> with a JSON body. Because the token is in the URL,
/// nothing here logs or throws anything that could carry the URL: the named HttpClient is
/// registered without IHttpClientFactory's loggers, and transport exceptions (whose messages may
/// contain the URI) become a <see cref="TelegramCallResult"/> instead of propagating. Telegram's own
/// error description is scrubbed of the token before it is returned, should the Bot API echo it.
/// </summary>
public sealed class TelegramApiClient(IHttpClientFactory httpClientFactory, IOptionsMonitor<TelegramOptions> options)
{
    public const string HttpClientName = "telegram";

    public async Task<TelegramCallResult> CallAsync(string botToken, string method, JsonObject body, CancellationToken cancellationToken)
    {
        // A token outside the documented shape could rewrite the path or query; it never reaches a URL.
        if (!TelegramCredentials.IsValidBotToken(botToken))
        {
            return new TelegramCallResult(TelegramCallOutcome.ApiError, 401, ErrorCode: 401, Description: "Unauthorized: the bot token is malformed");
        }

        var settings = options.CurrentValue;
        var baseUrl = settings.BaseUrl.ToString().TrimEnd('/');
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/bot{botToken}/{method}")
        {
            Content = new StringContent(body.ToJsonString(TelegramJson.Options), System.Text.Encoding.UTF8, "application/json"),
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var result = Interpret((int)response.StatusCode, bytes, response.Headers.RetryAfter?.Delta);

            // Every reason, summary and log line downstream is made from this text: the token leaves it here.
            return result with { Description = TelegramCredentials.Scrub(result.Description, botToken) };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TelegramCallResult(TelegramCallOutcome.Timeout, 0, Description: "the Telegram API did not answer in time");
        }
        catch (TimeoutRejectedException)
        {
            return new TelegramCallResult(TelegramCallOutcome.Timeout, 0, Description: "the Telegram API did not answer in time");
        }
        catch (BrokenCircuitException e)
        {
            // Nothing was sent: the host failed too often lately and is given a rest.
            return new TelegramCallResult(TelegramCallOutcome.NetworkError, 0, Description: "calls to the Telegram API are paused after repeated failures", RetryAfter: e.RetryAfter);
        }
        catch (HttpRequestException e)
        {
            // e.Message may quote the request URI, and with it the token: only the error kind leaves.
            return new TelegramCallResult(TelegramCallOutcome.NetworkError, 0, Description: $"connection to the Telegram API failed ({e.HttpRequestError})");
        }
    }

    public Task<TelegramCallResult> GetMeAsync(string botToken, CancellationToken cancellationToken) =>
        CallAsync(botToken, "getMe", new JsonObject(), cancellationToken);

    /// <summary>getFile: the file's size and its file_path on the Bot API's file server.</summary>
    public Task<TelegramCallResult> GetFileAsync(string botToken, string fileId, CancellationToken cancellationToken) =>
        CallAsync(botToken, "getFile", new JsonObject { ["file_id"] = fileId }, cancellationToken);

    /// <summary>
    /// Streams <c>{BaseUrl}/file/bot{token}/{file_path}</c>, capped at <see cref="TelegramOptions.MaxFileBytes"/>.
    /// The URL contains the token: it is never logged, and transport errors leave only their kind.
    /// </summary>
    public async Task<MediaFetchResult> DownloadFileAsync(string botToken, string filePath, string? contentType, long? announcedLength, CancellationToken cancellationToken)
    {
        if (!TelegramCredentials.IsValidBotToken(botToken))
        {
            return MediaFetchResult.Failed(MediaFetchStatus.Unauthorized, "The bot token is malformed.");
        }

        if (!TelegramMedia.IsValidFilePath(filePath))
        {
            return MediaFetchResult.Failed(MediaFetchStatus.NotFound, "Telegram gave a file path that is not a plain relative path.");
        }

        var settings = options.CurrentValue;
        var limit = Math.Min(settings.MaxFileBytes, TelegramMedia.BotApiDownloadLimit);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{settings.BaseUrl.ToString().TrimEnd('/')}/file/bot{botToken}/{filePath}");
        var terms = DownloadTerms with
        {
            ContentType = headers => contentType ?? headers.ContentType?.ToString(),
            FileName = _ => Path.GetFileName(filePath),
        };
        return await MediaDownload.OpenAsync(
            httpClientFactory.CreateClient(HttpClientName), request, settings.RequestTimeout, limit, announcedLength, terms, answered: null, cancellationToken);
    }

    private static readonly MediaDownloadTerms DownloadTerms = new()
    {
        TimedOut = "Telegram's file server did not answer in time.",
        Paused = "Downloads from Telegram are paused after repeated failures.",
        ConnectionFailed = kind => $"The download from Telegram failed ({kind}).",
        Refused = status => (int)status switch
        {
            401 => MediaFetchResult.Failed(MediaFetchStatus.Unauthorized, "Telegram refused the bot token."),
            404 => MediaFetchResult.Failed(MediaFetchStatus.NotFound, "Telegram's file server does not know the file (file paths last at least an hour)."),
            429 or >= 500 => MediaFetchResult.Failed(MediaFetchStatus.Transient, $"Telegram's file server answered HTTP {(int)status}."),
            _ => MediaFetchResult.Failed(MediaFetchStatus.NotFound, $"Telegram's file server answered HTTP {(int)status}."),
        },
        TooLarge = (_, limit) => TelegramMedia.TooLarge(limit),
    };

    internal static TelegramCallResult Interpret(int status, byte[] body, TimeSpan? retryAfterHeader)
    {
        TelegramResponse? response = null;
        try
        {
            response = JsonSerializer.Deserialize<TelegramResponse>(body, TelegramJson.Options);
        }
        catch (JsonException)
        {
            // A proxy's HTML error page: the status code is all there is.
        }

        if (response is { Ok: true } && status is >= 200 and < 300)
        {
            return new TelegramCallResult(TelegramCallOutcome.Ok, status, response.Result.Clone());
        }

        var retryAfter = response?.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : retryAfterHeader;
        var code = response?.ErrorCode ?? (status is >= 200 and < 300 ? (int)HttpStatusCode.BadGateway : status);
        return new TelegramCallResult(TelegramCallOutcome.ApiError, status, ErrorCode: code, Description: response?.Description ?? $"HTTP {status}", RetryAfter: retryAfter);
    }
}
