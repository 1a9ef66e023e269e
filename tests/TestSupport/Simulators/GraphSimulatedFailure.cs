namespace DaprChannels.TestSupport.Simulators;

/// <summary>An answer the Graph API simulator gives instead of success, in the documented error shape.</summary>
public sealed record GraphSimulatedFailure(
    int StatusCode,
    int Code,
    string Message,
    string Type = "OAuthException",
    int? Subcode = null,
    int? RetryAfterSeconds = null,
    TimeSpan? Delay = null)
{
    /// <summary>HTTP 429 with a Retry-After header.</summary>
    public static GraphSimulatedFailure TooManyRequests(int retryAfterSeconds) =>
        new(429, 4, "(#4) Application request limit reached", RetryAfterSeconds: retryAfterSeconds);

    /// <summary>The phone number's throughput was exceeded.</summary>
    public static GraphSimulatedFailure Throughput() =>
        new(400, 130429, "(#130429) Rate limit hit: Cloud API message throughput has been reached.");

    /// <summary>Too many messages to the same user in a short time.</summary>
    public static GraphSimulatedFailure PairRateLimit() =>
        new(400, 131056, "(#131056) (Business Account, Consumer Account) pair rate limit hit");

    /// <summary>Outside the 24-hour customer service window.</summary>
    public static GraphSimulatedFailure ReEngagement() =>
        new(400, 131047, "(#131047) Re-engagement message");

    /// <summary>Messenger Platform: calls to the Send API exceeded the rate limit.</summary>
    public static GraphSimulatedFailure CallsExceeded() =>
        new(400, 613, "(#613) Calls to this api have exceeded the rate limit.");

    /// <summary>Messenger Platform: too many messages to one user.</summary>
    public static GraphSimulatedFailure MessengerPairRateLimit() =>
        new(400, 80006, "(#80006) There have been too many messages sent to this Messenger user.");

    /// <summary>Messenger Platform: outside the 24-hour messaging window.</summary>
    public static GraphSimulatedFailure OutsideMessagingWindow() =>
        new(400, 10, "(#10) This message is sent outside of allowed window.", Subcode: 2018278);

    public static GraphSimulatedFailure InvalidToken() =>
        new(401, 190, "Error validating access token: Session has expired.", Subcode: 463);

    public static GraphSimulatedFailure InvalidParameter(string message = "(#100) Invalid parameter") =>
        new(400, 100, message);

    public static GraphSimulatedFailure ServerError() =>
        new(500, 1, "An unknown error occurred");

    /// <summary>Holds the answer back (then answers success), to exercise client timeouts.</summary>
    public static GraphSimulatedFailure Slow(TimeSpan delay) => new(200, 0, "", Delay: delay);
}
