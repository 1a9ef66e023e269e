using System.Buffers;
using DaprChannels.ServiceDefaults;
using Microsoft.AspNetCore.Http.Features;

namespace DaprChannels.Ingress.Webhooks;

public sealed class BodyTooLargeException : Exception;

/// <summary>The client stopped sending mid-body or sent a broken body; nothing was published.</summary>
public sealed class BodyUnreadableException(Exception inner) : Exception("The request body could not be read.", inner);

/// <summary>Turns an HTTP request into the platform-neutral <see cref="WebhookRequest"/> adapters verify.</summary>
public sealed class WebhookRequestReader(IOptions<IngressOptions> ingress, IOptions<DaprChannelsOptions> channels)
{
    /// <summary>Reads the raw body, refusing more than the configured limit without buffering it all.</summary>
    public async Task<WebhookRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = ingress.Value.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            throw new BodyTooLargeException();
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit + 1;
        }

        var body = await ReadBodyAsync(request.Body, limit, request.ContentLength, cancellationToken);
        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = value.ToString();
        }

        var query = new Dictionary<string, string>(request.Query.Count, StringComparer.Ordinal);
        foreach (var (name, value) in request.Query)
        {
            query[name] = value.ToString();
        }

        return new WebhookRequest(request.Method, PublicUrl(request), query, headers, body);
    }

    /// <summary>Behind a proxy the request URL is not what the platform signed: prefer the configured public base URL.</summary>
    private Uri PublicUrl(HttpRequest request)
    {
        var configured = channels.Value.PublicBaseUrl;
        var pathAndQuery = request.PathBase + request.Path + request.QueryString;
        return string.IsNullOrEmpty(configured)
            ? new Uri($"{request.Scheme}://{request.Host}{pathAndQuery}")
            : new Uri(configured.TrimEnd('/') + pathAndQuery);
    }

    private static async Task<byte[]> ReadBodyAsync(Stream body, long limit, long? declared, CancellationToken cancellationToken)
    {
        var initial = (int)Math.Min(declared ?? 4096, limit + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read;
                try
                {
                    read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                }
                catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    throw new BodyTooLargeException();
                }
                catch (Exception ex) when (ex is BadHttpRequestException or IOException)
                {
                    throw new BodyUnreadableException(ex);
                }

                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > limit)
                {
                    throw new BodyTooLargeException();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
