using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DaprChannels.Channels.Meta;

/// <summary>How a Graph API call ended.</summary>
public enum GraphCallOutcome
{
    Ok,

    /// <summary>Graph answered with an error object or a non-2xx status.</summary>
    ApiError,

    /// <summary>No answer within <see cref="MetaOptions.RequestTimeout"/>.</summary>
    Timeout,

    /// <summary>The connection failed (refused, reset, DNS).</summary>
    NetworkError,
}

/// <summary>One Graph API call's outcome, with the documented error object's fields when there was one.</summary>
public sealed record GraphCallResult(
    GraphCallOutcome Outcome,
    int HttpStatus,
    JsonElement Body = default,
    int? ErrorCode = null,
    int? ErrorSubcode = null,
    string? ErrorType = null,
    string? Message = null,
    string? FbTraceId = null,
    TimeSpan? RetryAfter = null)
{
    public bool IsOk => Outcome == GraphCallOutcome.Ok;
}

/// <summary>
/// Calls <c>{BaseUrl}/{ApiVersion}/{path}</c> with a Bearer token. The token travels only in the
/// Authorization header; the named HttpClient is registered without IHttpClientFactory's loggers,
/// and transport exceptions become a <see cref="GraphCallResult"/> carrying only the error kind.
/// </summary>
public sealed partial class GraphApiClient(IHttpClientFactory httpClientFactory, IOptionsMonitor<MetaOptions> options, ILogger<GraphApiClient> logger)
{
    public const string HttpClientName = "meta-graph";

    public Task<GraphCallResult> PostAsync(string accessToken, string path, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(accessToken, HttpMethod.Post, path, body, cancellationToken);

    public Task<GraphCallResult> GetAsync(string accessToken, string pathAndQuery, CancellationToken cancellationToken) =>
        SendAsync(accessToken, HttpMethod.Get, pathAndQuery, null, cancellationToken);

    public Task<GraphCallResult> DeleteAsync(string accessToken, string pathAndQuery, CancellationToken cancellationToken) =>
        SendAsync(accessToken, HttpMethod.Delete, pathAndQuery, null, cancellationToken);

    /// <summary>
    /// GET for the few calls whose credentials the platform takes only in the query string
    /// (<c>debug_token</c>, <c>oauth/access_token</c>, <c>refresh_access_token</c>). No Authorization
    /// header is sent; the log gets the path alone, and every one of <paramref name="secrets"/> is
    /// scrubbed from the message of the result, so neither a log line nor an error text carries one.
    /// </summary>
    /// <param name="versioned">False for the calls Meta documents without a version segment (Instagram's token refresh).</param>
    public async Task<GraphCallResult> GetWithQuerySecretsAsync(
        string path,
        IReadOnlyList<KeyValuePair<string, string>> query,
        IReadOnlyList<string> secrets,
        CancellationToken cancellationToken,
        bool versioned = true)
    {
        var queryString = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var url = versioned ? UrlFor($"{path}?{queryString}") : UnversionedUrlFor($"{path}?{queryString}");
        var result = await CallAsync(null, HttpMethod.Get, url, null, cancellationToken);
        result = result with { Message = ScrubAll(result.Message, secrets) };
        Log(HttpMethod.Get, path, result, null);
        return result;
    }

    /// <summary>The URL a path resolves to, built from the configured base URL and version.</summary>
    public Uri UrlFor(string pathAndQuery)
    {
        var settings = options.CurrentValue;
        return new Uri($"{settings.BaseUrl.ToString().TrimEnd('/')}/{settings.ApiVersion.Trim('/')}/{pathAndQuery.TrimStart('/')}");
    }

    private Uri UnversionedUrlFor(string pathAndQuery) =>
        new($"{options.CurrentValue.BaseUrl.ToString().TrimEnd('/')}/{pathAndQuery.TrimStart('/')}");

    private static string? ScrubAll(string? text, IReadOnlyList<string> secrets) =>
        secrets.Aggregate(text, (scrubbed, secret) => GraphErrorMapping.Scrub(scrubbed, secret));

    private async Task<GraphCallResult> SendAsync(string accessToken, HttpMethod method, string pathAndQuery, JsonObject? body, CancellationToken cancellationToken)
    {
        var result = await CallAsync(accessToken, method, UrlFor(pathAndQuery), body, cancellationToken);
        Log(method, pathAndQuery.Split('?', 2)[0], result, accessToken);
        return result;
    }

    /// <summary>Only the path (ids, never a token) and Graph's own error fields are logged; the message is scrubbed in case it echoes the token.</summary>
    private void Log(HttpMethod method, string path, GraphCallResult result, string? accessToken)
    {
        if (result.IsOk)
        {
            LogCall(logger, method.Method, path, result.HttpStatus);
        }
        else
        {
            LogFailure(logger, method.Method, path, result.Outcome, result.HttpStatus, result.ErrorCode, result.FbTraceId, GraphErrorMapping.Scrub(result.Message, accessToken));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Graph API {Method} {Path} answered {Status}")]
    private static partial void LogCall(ILogger logger, string method, string path, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph API {Method} {Path} failed: {Outcome} HTTP {Status} code {Code} fbtrace {FbTraceId}: {Message}")]
    private static partial void LogFailure(ILogger logger, string method, string path, GraphCallOutcome outcome, int status, int? code, string? fbTraceId, string? message);

    private async Task<GraphCallResult> CallAsync(string? accessToken, HttpMethod method, Uri url, JsonObject? body, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        using var request = new HttpRequestMessage(method, url);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await ExchangeAsync(httpClientFactory.CreateClient(HttpClientName), request, settings.RequestTimeout, Interpret, "the Graph API", cancellationToken);
    }

    /// <summary>
    /// Sends a request to a Graph-style JSON API (the Graph API, or 360dialog relaying it), reads the whole
    /// answer and interprets it. A timeout or transport failure becomes a result that names only
    /// <paramref name="service"/> and the error kind, never the URL.
    /// </summary>
    public static async Task<GraphCallResult> ExchangeAsync(
        HttpClient client,
        HttpRequestMessage request,
        TimeSpan requestTimeout,
        Func<int, byte[], TimeSpan?, GraphCallResult> interpret,
        string service,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            return interpret((int)response.StatusCode, bytes, response.Headers.RetryAfter?.Delta);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new GraphCallResult(GraphCallOutcome.Timeout, 0, Message: $"{service} did not answer in time");
        }
        catch (TimeoutRejectedException)
        {
            return new GraphCallResult(GraphCallOutcome.Timeout, 0, Message: $"{service} did not answer in time");
        }
        catch (BrokenCircuitException e)
        {
            // Nothing was sent: the host failed too often lately and is given a rest.
            return new GraphCallResult(GraphCallOutcome.NetworkError, 0, Message: $"calls to {service} are paused after repeated failures", RetryAfter: e.RetryAfter);
        }
        catch (HttpRequestException e)
        {
            return new GraphCallResult(GraphCallOutcome.NetworkError, 0, Message: $"connection to {service} failed ({e.HttpRequestError})");
        }
    }

    /// <summary>Reads <c>{"error":{"message","type","code","error_subcode","fbtrace_id"}}</c>, or the status alone when the body is not JSON.</summary>
    public static GraphCallResult Interpret(int status, byte[] body, TimeSpan? retryAfter)
    {
        JsonElement root = default;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // A proxy's HTML error page: the status code is all there is.
        }

        var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        if (status is >= 200 and < 300 && error.ValueKind == JsonValueKind.Undefined && root.ValueKind == JsonValueKind.Object)
        {
            return new GraphCallResult(GraphCallOutcome.Ok, status, root);
        }

        return new GraphCallResult(
            GraphCallOutcome.ApiError,
            status is >= 200 and < 300 ? 502 : status,
            root,
            ErrorCode: Int(error, "code"),
            ErrorSubcode: Int(error, "error_subcode"),
            ErrorType: PlatformJson.Text(error, "type"),
            Message: PlatformJson.Text(error, "message") ?? $"HTTP {status}",
            FbTraceId: PlatformJson.Text(error, "fbtrace_id"),
            RetryAfter: retryAfter);
    }

    private static int? Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;
}
