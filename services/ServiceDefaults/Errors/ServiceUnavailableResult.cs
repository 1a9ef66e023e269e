using Microsoft.AspNetCore.Mvc;

namespace DaprChannels.ServiceDefaults.Errors;

/// <summary>
/// 503 with Retry-After and a problem body: nothing was stored, so the caller (a platform redelivering a
/// webhook, an admin UI) must send the request again shortly.
/// </summary>
public sealed class ServiceUnavailableResult(string detail) : IResult
{
    public const string RetryAfterSeconds = "5";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Temporarily unavailable",
            Detail = detail,
        }).ExecuteAsync(httpContext);
    }
}
