using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// With an app API token configured, only callers presenting it in <c>dapr-api-token</c> (daprd does on every
/// delivery, binding event and <c>/dapr/subscribe</c>) reach the Dapr routes; anyone else gets a bare 401.
/// </summary>
internal sealed class DaprAppTokenFilter(string? appApiToken) : IEndpointFilter
{
    // Comparing hashes keeps the comparison constant-time without leaking the token's length.
    private readonly byte[]? _expectedHash = string.IsNullOrEmpty(appApiToken) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(appApiToken));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_expectedHash is null || Presents(context.HttpContext.Request))
        {
            return next(context);
        }

        return ValueTask.FromResult<object?>(Results.Unauthorized());
    }

    private bool Presents(HttpRequest request)
    {
        var presented = request.Headers[DaprSidecarClient.ApiTokenHeader];
        return presented.Count == 1
               && presented[0] is { } value
               && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(value)), _expectedHash);
    }
}
