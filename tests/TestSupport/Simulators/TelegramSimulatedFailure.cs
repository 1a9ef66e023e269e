namespace DaprChannels.TestSupport.Simulators;

/// <summary>An answer the Telegram simulator gives instead of success, scripted per method.</summary>
/// <param name="Description">Telegram's error text; <see cref="TokenPlaceholder"/> in it becomes the calling bot's token.</param>
public sealed record TelegramSimulatedFailure(int StatusCode, string Description, int? RetryAfterSeconds = null, TimeSpan? Delay = null)
{
    public const string TokenPlaceholder = "{token}";

    /// <summary>An error whose text quotes the request URL, and with it the bot token.</summary>
    public static TelegramSimulatedFailure EchoingToken(int statusCode = 400) =>
        new(statusCode, $"Bad Request: can't parse request to https://api.telegram.org/bot{TokenPlaceholder}/method (token {TokenPlaceholder})");

    /// <summary>429 with parameters.retry_after, as flood control answers.</summary>
    public static TelegramSimulatedFailure RateLimited(int retryAfterSeconds) =>
        new(429, $"Too Many Requests: retry after {retryAfterSeconds}", retryAfterSeconds);

    public static TelegramSimulatedFailure ServerError() => new(500, "Internal Server Error");

    public static TelegramSimulatedFailure BadRequest(string description = "Bad Request: chat not found") => new(400, description);

    public static TelegramSimulatedFailure Forbidden(string description = "Forbidden: bot was blocked by the user") => new(403, description);

    /// <summary>Holds the answer back (then answers success), to exercise client timeouts.</summary>
    public static TelegramSimulatedFailure Slow(TimeSpan delay) => new(200, "", Delay: delay);
}
