using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Meta.Messaging;

/// <summary>
/// The Send API errors of the Messenger Platform (shared by Instagram Messaging) that the shared
/// <see cref="GraphErrorMapping"/> does not know; everything else goes through it.
/// </summary>
public static class MessengerErrorMapping
{
    /// <summary>Calls to this API exceeded the rate limit.</summary>
    public const int CallsExceeded = 613;

    /// <summary>Too many messages to one user in a short time (the pair limit).</summary>
    public const int PairRateLimit = 80006;

    /// <summary>Permission denied: for the Send API, with subcode 2018278, the 24-hour window has closed.</summary>
    public const int PermissionDenied = 10;

    public const int OutsideWindowSubcode = 2018278;

    public static readonly IReadOnlySet<int> RateLimitCodes = new HashSet<int> { 4, CallsExceeded, PairRateLimit };

    public static SendResult ToFailure(GraphCallResult result, IReadOnlyList<string>? degradations = null, string? secretToHide = null)
    {
        if (result.Outcome == GraphCallOutcome.ApiError && result.ErrorCode is { } limited && RateLimitCodes.Contains(limited))
        {
            return new SendResult(SendStatus.Transient, ErrorCode: limited.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Reason: GraphErrorMapping.Scrub(result.Message, secretToHide), RetryAfter: result.RetryAfter, Degradations: degradations);
        }

        if (result.ErrorSubcode == OutsideWindowSubcode || (result.ErrorCode == PermissionDenied && result.Message?.Contains("window", StringComparison.OrdinalIgnoreCase) == true))
        {
            return new SendResult(
                SendStatus.Permanent,
                ErrorCode: SendErrorCodes.OutsideCustomerServiceWindow,
                Reason: $"Outside the 24-hour messaging window (Graph error {(result.ErrorSubcode == OutsideWindowSubcode ? "10/2018278" : "10")}): the user has to write first, or a tagged message must be sent.",
                Degradations: degradations);
        }

        return GraphErrorMapping.ToFailure(result, degradations, secretToHide);
    }
}
