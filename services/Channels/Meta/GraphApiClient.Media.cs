using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Channels.Meta;

/// <summary>Downloading a media file from the URL Meta hands out for a media id.</summary>
public sealed partial class GraphApiClient
{
    /// <summary>
    /// Opens <paramref name="url"/> with the Bearer token and streams it, capped at
    /// <see cref="MetaOptions.MaxMediaBytes"/>. The token goes only to the configured Graph host or,
    /// over https, to a host listed in <see cref="MetaOptions.MediaDownloadHosts"/>: a URL pointing
    /// anywhere else is refused before any request is made.
    /// </summary>
    /// <param name="contentType">Meta's mime_type for the media, preferred over the download's header.</param>
    /// <param name="announcedLength">Meta's file_size, used when the download carries no Content-Length.</param>
    public async Task<MediaFetchResult> DownloadMediaAsync(string accessToken, Uri url, string? contentType, long? announcedLength, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!IsAllowedMediaUrl(url, settings))
        {
            LogMediaRefused(logger, url.IsAbsoluteUri ? url.Host : "(relative)");
            return MediaFetchResult.Failed(MediaFetchStatus.NotFound, "The platform gave a download address on a host that is not trusted with the access token.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var terms = DownloadTerms with { ContentType = headers => contentType ?? headers.ContentType?.ToString() };
        return await MediaDownload.OpenAsync(
            httpClientFactory.CreateClient(HttpClientName),
            request,
            settings.RequestTimeout,
            settings.MaxMediaBytes,
            announcedLength,
            terms,
            status => LogCall(logger, "GET", $"media download on {url.Host}", status),
            cancellationToken);
    }

    /// <summary>Absolute, no user info, and either the configured Graph origin or https on an allowed host's default port.</summary>
    public static bool IsAllowedMediaUrl(Uri url, MetaOptions settings)
    {
        if (!url.IsAbsoluteUri || !string.IsNullOrEmpty(url.UserInfo))
        {
            return false;
        }

        var graph = settings.BaseUrl;
        if (string.Equals(url.Scheme, graph.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(url.IdnHost, graph.IdnHost, StringComparison.OrdinalIgnoreCase)
            && url.Port == graph.Port)
        {
            return true;
        }

        return url.Scheme == Uri.UriSchemeHttps
               && url.IsDefaultPort
               && settings.MediaDownloadHosts.Any(allowed => !string.IsNullOrWhiteSpace(allowed)
                   && (string.Equals(url.IdnHost, allowed.Trim(), StringComparison.OrdinalIgnoreCase)
                       || url.IdnHost.EndsWith("." + allowed.Trim().TrimStart('.'), StringComparison.OrdinalIgnoreCase)));
    }

    private static readonly MediaDownloadTerms DownloadTerms = new()
    {
        TimedOut = "The media download did not start in time.",
        Paused = "Downloads from this host are paused after repeated failures.",
        ConnectionFailed = kind => $"The media download failed ({kind}).",
        Refused = DownloadFailure,
        TooLarge = (_, limit) => MediaFetchResult.Failed(MediaFetchStatus.TooLarge, $"The media file is larger than the limit of {limit} bytes."),
    };

    private static MediaFetchResult DownloadFailure(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            MediaFetchResult.Failed(MediaFetchStatus.Unauthorized, "The platform refused the access token for the media download."),
        HttpStatusCode.NotFound or HttpStatusCode.Gone =>
            MediaFetchResult.Failed(MediaFetchStatus.NotFound, "The media download address is unknown or has expired."),
        HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout =>
            MediaFetchResult.Failed(MediaFetchStatus.Transient, $"The media download answered HTTP {(int)status}."),
        _ => MediaFetchResult.Failed(MediaFetchStatus.NotFound, $"The media download answered HTTP {(int)status}."),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to send the access token to a media download on {Host}: not the Graph host nor an allowed https media host")]
    private static partial void LogMediaRefused(ILogger logger, string host);
}
