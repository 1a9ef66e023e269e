using System.Globalization;

namespace DaprChannels.Channels.Meta;

/// <summary>Turns a failed Graph API call into a <see cref="SendResult"/> by HTTP status and Graph error code.</summary>
public static class GraphErrorMapping
{
    /// <summary>Invalid, expired or revoked access token.</summary>
    public const int InvalidToken = 190;

    /// <summary>Outside the 24-hour customer service window: only a template may be sent.</summary>
    public const int ReEngagementRequired = 131047;

    /// <summary>Codes that mean "slow down": app (4), business use case (80007), throughput (130429) and pair (131056) limits.</summary>
    public static readonly IReadOnlySet<int> RateLimitCodes = new HashSet<int> { 4, 80007, 130429, 131056 };

    public static SendResult ToFailure(GraphCallResult result, IReadOnlyList<string>? degradations = null, string? secretToHide = null)
    {
        var reason = Scrub(result.Message, secretToHide);
        var code = result.ErrorCode?.ToString(CultureInfo.InvariantCulture) ?? (result.HttpStatus > 0 ? result.HttpStatus.ToString(CultureInfo.InvariantCulture) : null);
        if (result.Outcome is GraphCallOutcome.Timeout or GraphCallOutcome.NetworkError)
        {
            return new SendResult(SendStatus.Transient, ErrorCode: result.Outcome == GraphCallOutcome.Timeout ? "timeout" : "network", Reason: reason, RetryAfter: result.RetryAfter, Degradations: degradations);
        }

        if (result.HttpStatus == 429 || result.ErrorCode is { } limited && RateLimitCodes.Contains(limited))
        {
            return new SendResult(SendStatus.Transient, ErrorCode: code, Reason: reason, RetryAfter: result.RetryAfter, Degradations: degradations);
        }

        if (result.ErrorCode == InvalidToken || result.HttpStatus == 401)
        {
            return new SendResult(SendStatus.Unauthorized, ErrorCode: code, Reason: reason, Degradations: degradations);
        }

        if (result.ErrorCode == ReEngagementRequired)
        {
            return new SendResult(
                SendStatus.Permanent,
                ErrorCode: SendErrorCodes.OutsideCustomerServiceWindow,
                Reason: "Outside the 24-hour customer service window (Graph error 131047): the user has to write first, or a template message must be sent.",
                Degradations: degradations);
        }

        return result.HttpStatus is >= 400 and < 500
            ? new SendResult(SendStatus.Permanent, ErrorCode: code, Reason: reason, Degradations: degradations)
            : new SendResult(SendStatus.Transient, ErrorCode: code, Reason: reason, RetryAfter: result.RetryAfter, Degradations: degradations);
    }

    /// <summary>Error text is for people and logs; should the platform ever echo the token, it does not travel on.</summary>
    public static string? Scrub(string? text, string? secret) => SecretText.Scrub(text, secret);
}
