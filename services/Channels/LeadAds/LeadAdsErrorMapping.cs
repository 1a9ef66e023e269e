using System.Globalization;
using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.LeadAds;

/// <summary>
/// A failed lead read as a <see cref="LeadFetchResult"/>: the lead-specific codes first, the rest
/// through the shared <see cref="GraphErrorMapping"/>.
/// </summary>
public static class LeadAdsErrorMapping
{
    /// <summary>The LeadGen business-use-case throttle.</summary>
    public const int LeadGenThrottle = 80005;

    /// <summary>Invalid parameter; with "does not exist" (subcode 33), an unknown or deleted object.</summary>
    public const int InvalidParameter = 100;

    public const int UnknownObjectSubcode = 33;

    /// <summary>Slow down: app (4), user (17), Page (32), API (613) and LeadGen (80005) limits.</summary>
    public static readonly IReadOnlySet<int> ThrottleCodes = new HashSet<int> { 4, 17, 32, 613, LeadGenThrottle };

    /// <summary>The token lacks a permission (leads_retrieval, a Page role): only a new authorization helps.</summary>
    public static readonly IReadOnlySet<int> PermissionCodes = new HashSet<int> { 10, 200 };

    public static LeadFetchResult ToFailure(GraphCallResult result, string? secretToHide)
    {
        var reason = GraphErrorMapping.Scrub(result.Message, secretToHide);
        var code = result.ErrorCode?.ToString(CultureInfo.InvariantCulture);
        if (result.Outcome == GraphCallOutcome.ApiError && result.ErrorCode is { } limited && ThrottleCodes.Contains(limited))
        {
            return new LeadFetchResult(LeadFetchStatus.Transient, ErrorCode: code, Reason: reason, RetryAfter: result.RetryAfter);
        }

        if (result.ErrorCode == InvalidParameter
            && (result.ErrorSubcode == UnknownObjectSubcode || result.Message?.Contains("does not exist", StringComparison.OrdinalIgnoreCase) == true))
        {
            return new LeadFetchResult(LeadFetchStatus.NotFound, ErrorCode: code, Reason: reason);
        }

        if (result.ErrorCode is { } denied && PermissionCodes.Contains(denied))
        {
            return new LeadFetchResult(LeadFetchStatus.Unauthorized, ErrorCode: code, Reason: reason);
        }

        var failure = GraphErrorMapping.ToFailure(result, secretToHide: secretToHide);
        var status = failure.Status switch
        {
            SendStatus.Unauthorized => LeadFetchStatus.Unauthorized,
            SendStatus.Transient => LeadFetchStatus.Transient,
            // Any other refusal will be repeated word for word on a retry.
            _ => LeadFetchStatus.NotFound,
        };
        return new LeadFetchResult(status, ErrorCode: failure.ErrorCode, Reason: failure.Reason, RetryAfter: failure.RetryAfter);
    }
}
