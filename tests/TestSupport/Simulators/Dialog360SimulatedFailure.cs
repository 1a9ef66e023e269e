namespace DaprChannels.TestSupport.Simulators;

/// <summary>An answer the 360dialog simulator gives instead of success: 360dialog's own errors, or a Cloud API error it relays.</summary>
public sealed record Dialog360SimulatedFailure(int StatusCode, JsonObject Body, int? RetryAfterSeconds = null, TimeSpan? Delay = null)
{
    /// <summary>360dialog's own error shape: <c>{"meta": {"success": false, "http_code", "developer_message"}}</c>.</summary>
    public static Dialog360SimulatedFailure Own(int status, string message) => new(status, OwnError(status, message));

    public static Dialog360SimulatedFailure TooManyRequests(int retryAfterSeconds) =>
        new(429, OwnError(429, "Too Many Requests"), retryAfterSeconds);

    /// <summary>360dialog's own throttling, answered as a 400 with this text.</summary>
    public static Dialog360SimulatedFailure EndpointRateLimit() => Own(400, "You have exceeded the endpoint rate limit");

    public static Dialog360SimulatedFailure InvalidApiKey() => Own(401, "Invalid api_key");

    /// <summary>A Cloud API error relayed in Meta's shape.</summary>
    public static Dialog360SimulatedFailure Relayed(int status, int code, string message) => new(status, new JsonObject
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = "OAuthException", ["code"] = code, ["fbtrace_id"] = "AbCd360Simulated" },
    });

    /// <summary>Outside the 24-hour customer service window.</summary>
    public static Dialog360SimulatedFailure ReEngagement() => Relayed(400, 131047, "(#131047) Re-engagement message");

    public static Dialog360SimulatedFailure Throughput() => Relayed(400, 130429, "(#130429) Rate limit hit: Cloud API message throughput has been reached.");

    public static Dialog360SimulatedFailure PairRateLimit() => Relayed(400, 131056, "(#131056) (Business Account, Consumer Account) pair rate limit hit");

    public static Dialog360SimulatedFailure ServerError() => Own(500, "Internal Server Error");

    public static Dialog360SimulatedFailure NotFound() => Relayed(404, 100, "(#100) Invalid parameter");

    /// <summary>Holds the answer back (then answers an empty object), to exercise client timeouts.</summary>
    public static Dialog360SimulatedFailure Slow(TimeSpan delay) => new(200, [], Delay: delay);

    internal static JsonObject OwnError(int status, string message) => new()
    {
        ["meta"] = new JsonObject { ["success"] = false, ["http_code"] = status, ["developer_message"] = message },
    };
}
