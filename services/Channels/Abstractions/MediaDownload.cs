using System.Net;
using System.Net.Http.Headers;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// Opens a platform's media file as a stream capped at a size limit. An announced larger length is
/// refused before anything is read, an unannounced one fails the read that passes the limit, and a
/// transport failure leaves only its kind: the URL may carry a token.
/// </summary>
public static class MediaDownload
{
    /// <param name="request">The GET of the file, its credentials set; disposed by the caller.</param>
    /// <param name="announcedLength">The size the platform's metadata gave, used when the download carries no Content-Length.</param>
    /// <param name="answered">Told the HTTP status as soon as the platform answers (for logging).</param>
    public static async Task<MediaFetchResult> OpenAsync(
        HttpClient client,
        HttpRequestMessage request,
        TimeSpan timeout,
        long limit,
        long? announcedLength,
        MediaDownloadTerms terms,
        Action<int>? answered,
        CancellationToken cancellationToken)
    {
        if (announcedLength > limit)
        {
            return terms.TooLarge(announcedLength, limit);
        }

        HttpResponseMessage? response = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            answered?.Invoke((int)response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                return terms.Refused(response.StatusCode);
            }

            var length = response.Content.Headers.ContentLength ?? announcedLength;
            if (length > limit)
            {
                return terms.TooLarge(length, limit);
            }

            var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
            var bounded = new BoundedReadStream(stream, limit, response);
            var headers = response.Content.Headers;
            response = null;
            return MediaFetchResult.Ok(bounded, terms.ContentType(headers), length, terms.FileName(headers));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return MediaFetchResult.Failed(MediaFetchStatus.Transient, terms.TimedOut);
        }
        catch (TimeoutRejectedException)
        {
            return MediaFetchResult.Failed(MediaFetchStatus.Transient, terms.TimedOut);
        }
        catch (BrokenCircuitException)
        {
            return MediaFetchResult.Failed(MediaFetchStatus.Transient, terms.Paused);
        }
        catch (HttpRequestException e)
        {
            // e.Message may quote the request URI, and with it a token: only the error kind leaves.
            return MediaFetchResult.Failed(MediaFetchStatus.Transient, terms.ConnectionFailed(e.HttpRequestError));
        }
        finally
        {
            response?.Dispose();
        }
    }

    /// <summary>The file name a Content-Disposition header gives, unquoted.</summary>
    public static string? DispositionFileName(HttpContentHeaders headers) =>
        headers.ContentDisposition?.FileNameStar ?? headers.ContentDisposition?.FileName?.Trim('"');
}

/// <summary>How one platform's media download words its failures and labels the file it hands out.</summary>
public sealed record MediaDownloadTerms
{
    /// <summary>No answer within the timeout.</summary>
    public required string TimedOut { get; init; }

    /// <summary>The circuit breaker holds calls to the host back.</summary>
    public required string Paused { get; init; }

    public required Func<HttpRequestError, string> ConnectionFailed { get; init; }

    /// <summary>What a non-success status means.</summary>
    public required Func<HttpStatusCode, MediaFetchResult> Refused { get; init; }

    /// <summary>The refusal of a file announced larger than the limit (length, limit).</summary>
    public required Func<long?, long, MediaFetchResult> TooLarge { get; init; }

    public Func<HttpContentHeaders, string?> ContentType { get; init; } = headers => headers.ContentType?.ToString();

    public Func<HttpContentHeaders, string?> FileName { get; init; } = MediaDownload.DispositionFileName;
}
