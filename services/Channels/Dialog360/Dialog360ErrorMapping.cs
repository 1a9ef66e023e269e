using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Dialog360;

/// <summary>
/// 360dialog relays Cloud API errors in Meta's shape, which <see cref="GraphErrorMapping"/> reads;
/// only its own throttling (HTTP 400 with a text, no Meta code) needs a rule of its own.
/// </summary>
public static class Dialog360ErrorMapping
{
    public const string EndpointRateLimitText = "exceeded the endpoint rate limit";

    public static SendResult ToFailure(GraphCallResult result, IReadOnlyList<string>? degradations = null, string? secretToHide = null)
    {
        if (result.Outcome == GraphCallOutcome.ApiError && result.ErrorCode is null
            && result.Message?.Contains(EndpointRateLimitText, StringComparison.OrdinalIgnoreCase) == true)
        {
            return new SendResult(SendStatus.Transient, ErrorCode: "rate_limit", Reason: GraphErrorMapping.Scrub(result.Message, secretToHide),
                RetryAfter: result.RetryAfter, Degradations: degradations);
        }

        return GraphErrorMapping.ToFailure(result, degradations, secretToHide);
    }
}
