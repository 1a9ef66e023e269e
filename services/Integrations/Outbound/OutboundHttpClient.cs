using System.Text.Json;
using DaprChannels.Channels.Abstractions;

namespace DaprChannels.Integrations.Outbound;

/// <summary>
/// Calls a tenant's URL through the outbound policy and reads the answer whole but bounded: at most
/// <see cref="OutboundUrlOptions.MaxResponseBytes"/> (whatever Content-Length claims) within
/// <see cref="OutboundUrlOptions.Timeout"/>, so an endpoint cannot hold a worker or fill its memory.
/// A typed client: its <see cref="HttpClient"/> carries the policy's handlers.
/// </summary>
public sealed class OutboundHttpClient(HttpClient http, IOptions<OutboundUrlOptions> options)
{
    /// <summary>
    /// Sends <paramref name="request"/>; a 2xx answer's body is read, any other's is not.
    /// </summary>
    /// <exception cref="OutboundRefusedException">The URL may not be called, or the answer is larger than allowed.</exception>
    /// <exception cref="TimeoutException">No complete answer within the timeout.</exception>
    public async Task<OutboundResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxResponseBytes;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!response.IsSuccessStatusCode)
            {
                return new OutboundResponse(response.StatusCode, ReadOnlyMemory<byte>.Empty, mediaType);
            }

            if (response.Content.Headers.ContentLength > limit)
            {
                throw TooLarge(limit);
            }

            await using var body = new BoundedReadStream(await response.Content.ReadAsStreamAsync(timeout.Token), limit);
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, timeout.Token);
            return new OutboundResponse(response.StatusCode, buffer.ToArray(), mediaType);
        }
        catch (MediaTooLargeException)
        {
            throw TooLarge(limit);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No complete answer within {options.Value.Timeout.TotalSeconds:0.#} s.", ex);
        }
    }

    private static OutboundRefusedException TooLarge(long limit) =>
        new($"The answer is larger than the limit of {limit} bytes.");
}

/// <summary>An answer read by <see cref="OutboundHttpClient"/>; <see cref="Body"/> is empty unless the status is 2xx.</summary>
public sealed record OutboundResponse(HttpStatusCode StatusCode, ReadOnlyMemory<byte> Body, string? MediaType)
{
    public bool IsSuccessStatusCode => (int)StatusCode is >= 200 and <= 299;

    /// <summary>
    /// Passes a 2xx. A redirect is refused (it is not followed, and would be answered again); any
    /// other status is an <see cref="HttpRequestException"/> carrying it.
    /// </summary>
    public OutboundResponse EnsureSuccess()
    {
        var status = (int)StatusCode;
        return status switch
        {
            >= 200 and <= 299 => this,
            >= 300 and <= 399 => throw new OutboundRefusedException($"The endpoint answered HTTP {status}, a redirect; redirects are not followed."),
            _ => throw new HttpRequestException($"The endpoint answered HTTP {status}.", null, StatusCode),
        };
    }

    public T? ReadJson<T>(JsonSerializerOptions? options = null) =>
        Body.IsEmpty ? default : JsonSerializer.Deserialize<T>(Body.Span, options);
}
