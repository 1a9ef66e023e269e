using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.BuildingBlocks.Secrets;
using DaprChannels.BuildingBlocks.State;
using Microsoft.AspNetCore.Diagnostics;

namespace DaprChannels.ServiceDefaults.Errors;

/// <summary>
/// A state store, secret store or broker that fails is an outage, not a fault of the request: the caller gets
/// 503 with Retry-After (a platform then delivers again) instead of a 500. The exception itself is logged by the
/// exception-handling middleware; these exceptions' messages name no key, value or secret.
/// </summary>
public sealed class BuildingBlockUnavailableHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (StateStoreException or SecretStoreException or PublishFailedException))
        {
            return false;
        }

        await new ServiceUnavailableResult("A store or broker the gateway depends on did not answer. Nothing was lost: try again shortly.")
            .ExecuteAsync(httpContext);
        return true;
    }
}
