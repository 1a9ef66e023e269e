using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprChannels.Channels.Meta;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DaprChannels.Channels.Meta.CloudApi;

namespace DaprChannels.Channels.Dialog360;

/// <summary>
/// Calls 360dialog's Cloud API relay (<c>{BaseUrl}/messages</c>, <c>/v1/configs/webhook</c>,
/// <c>/{media-id}</c>) with the channel's API key in the <c>D360-API-KEY</c> header. The key is bound
/// to one phone number, so no number appears in a path. The key travels only in that header: the
/// named HttpClient is registered without IHttpClientFactory's loggers, logs name the path only,
/// and transport exceptions become a <see cref="GraphCallResult"/> carrying only the error kind.
/// Answers are read as <see cref="GraphCallResult"/> because 360dialog relays Meta's error objects.
/// </summary>
public sealed partial class Dialog360ApiClient(IHttpClientFactory httpClientFactory, IOptionsMonitor<Dialog360Options> options, ILogger<Dialog360ApiClient> logger)
    : ICloudApiMessagesEndpoint
{
    public const string HttpClientName = "360dialog";
    public const string ApiKeyHeader = "D360-API-KEY";
    public const string MessagesPath = "messages";
    public const string WebhookConfigPath = "v1/configs/webhook";

    /// <summary>Posts one Cloud API message body; <paramref name="phoneNumberId"/> is not needed, the key names the number.</summary>
    public Task<GraphCallResult> SendMessageAsync(string credential, string phoneNumberId, JsonObject body, CancellationToken cancellationToken)
    {
        body["messaging_product"] = CloudApiMessages.MessagingProduct;
        return CallAsync(credential, HttpMethod.Post, MessagesPath, body, cancellationToken);
    }

    public SendResult ToFailure(GraphCallResult result, IReadOnlyList<string>? degradations, string credential) =>
        Dialog360ErrorMapping.ToFailure(result, degradations, credential);

    /// <summary>Where 360dialog currently delivers this number's webhooks (<c>{"url": ...}</c>); proves the key is valid.</summary>
    public Task<GraphCallResult> GetWebhookConfigAsync(string apiKey, CancellationToken cancellationToken) =>
        CallAsync(apiKey, HttpMethod.Get, WebhookConfigPath, null, cancellationToken);

    /// <summary>Points the number's webhook at <paramref name="url"/>; 360dialog sends <paramref name="headers"/> with every delivery.</summary>
    public Task<GraphCallResult> SetWebhookAsync(string apiKey, Uri url, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var headerObject = new JsonObject();
        foreach (var (name, value) in headers)
        {
            headerObject[name] = value;
        }

        return CallAsync(apiKey, HttpMethod.Post, WebhookConfigPath, new JsonObject { ["url"] = url.AbsoluteUri, ["headers"] = headerObject }, cancellationToken);
    }

    /// <summary>A received media's metadata: <c>url</c> (short-lived), <c>mime_type</c>, <c>file_size</c>.</summary>
    /// <param name="mediaId">Checked by the caller to be a plain id, so it cannot change the path.</param>
    public Task<GraphCallResult> GetMediaAsync(string apiKey, string mediaId, CancellationToken cancellationToken) =>
        CallAsync(apiKey, HttpMethod.Get, Uri.EscapeDataString(mediaId), null, cancellationToken);

    /// <summary>
    /// The media URL 360dialog returns points at Meta's host, which does not accept the API key:
    /// the same path and query are fetched through the configured 360dialog host instead.
    /// </summary>
    public Uri ThroughRelay(Uri mediaUrl)
    {
        var relay = options.CurrentValue.BaseUrl;
        return new UriBuilder(mediaUrl) { Scheme = relay.Scheme, Host = relay.Host, Port = relay.Port }.Uri;
    }

    /// <summary>
    /// Opens the media file. Nothing past <paramref name="maxBytes"/> is handed out: an announced
    /// larger length is refused before reading, an unannounced one fails the read that passes it.
    /// </summary>
    public async Task<MediaFetchResult> DownloadAsync(string apiKey, Uri mediaUrl, long maxBytes, string? fallbackContentType, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Get, ThroughRelay(mediaUrl));
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, apiKey);
        var terms = DownloadTerms with { ContentType = headers => headers.ContentType?.MediaType ?? fallbackContentType };
        return await MediaDownload.OpenAsync(
            httpClientFactory.CreateClient(HttpClientName),
            request,
            settings.RequestTimeout,
            maxBytes,
            announcedLength: null,
            terms,
            status => LogCall(logger, "GET", "media download", status),
            cancellationToken);
    }

    private static readonly MediaDownloadTerms DownloadTerms = new()
    {
        TimedOut = "360dialog did not answer the media download in time",
        Paused = "downloads from 360dialog are paused after repeated failures",
        ConnectionFailed = kind => $"connection to 360dialog failed ({kind})",
        Refused = status => MediaFetchResult.Failed((int)status switch
        {
            401 or 403 => MediaFetchStatus.Unauthorized,
            429 or >= 500 => MediaFetchStatus.Transient,
            _ => MediaFetchStatus.NotFound,
        }, $"the media download answered HTTP {(int)status}"),
        TooLarge = (length, limit) => MediaFetchResult.Failed(MediaFetchStatus.TooLarge, $"the media is {length} bytes, over the limit of {limit}"),
    };

    private async Task<GraphCallResult> CallAsync(string apiKey, HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var result = await SendAsync(apiKey, method, path, body, cancellationToken);
        if (result.IsOk)
        {
            LogCall(logger, method.Method, path, result.HttpStatus);
        }
        else
        {
            LogFailure(logger, method.Method, path, result.Outcome, result.HttpStatus, result.ErrorCode, GraphErrorMapping.Scrub(result.Message, apiKey));
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "360dialog {Method} {Path} answered {Status}")]
    private static partial void LogCall(ILogger logger, string method, string path, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "360dialog {Method} {Path} failed: {Outcome} HTTP {Status} code {Code}: {Message}")]
    private static partial void LogFailure(ILogger logger, string method, string path, GraphCallOutcome outcome, int status, int? code, string? message);

    private async Task<GraphCallResult> SendAsync(string apiKey, HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        using var request = new HttpRequestMessage(method, new Uri($"{settings.BaseUrl.ToString().TrimEnd('/')}/{path}"));
        // Without validation: a key with characters a header cannot hold must fail at 360dialog, not throw here quoting itself.
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, apiKey);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await GraphApiClient.ExchangeAsync(httpClientFactory.CreateClient(HttpClientName), request, settings.RequestTimeout, Interpret, "360dialog", cancellationToken);
    }

    /// <summary>
    /// Meta's error object when 360dialog relays one; otherwise 360dialog's own shapes: <c>{"error": "text"}</c>,
    /// <c>{"meta": {"developer_message": ...}}</c> or <c>{"errors": [{"title", "details"}]}</c>.
    /// </summary>
    public static GraphCallResult Interpret(int status, byte[] body, TimeSpan? retryAfter)
    {
        var result = GraphApiClient.Interpret(status, body, retryAfter);
        if (result.IsOk || result.ErrorCode is not null || OwnMessage(result.Body) is not { } message)
        {
            return result;
        }

        return result with { Message = message };
    }

    private static string? OwnMessage(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
        {
            return error.GetString();
        }

        if (body.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("developer_message", out var developer) && developer.ValueKind == JsonValueKind.String)
        {
            return developer.GetString();
        }

        if (body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
            && errors[0].ValueKind == JsonValueKind.Object)
        {
            var first = errors[0];
            foreach (var name in new[] { "details", "title", "message" })
            {
                if (first.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String)
                {
                    return text.GetString();
                }
            }
        }

        return null;
    }
}
