namespace DaprChannels.IntegrationAdmin.Integrations;

/// <summary>When an integration's refresh-token workflow refreshes its token, bound from <c>IntegrationAdmin:TokenRefresh</c>.</summary>
public sealed class TokenRefreshOptions
{
    public const string Section = "IntegrationAdmin:TokenRefresh";

    /// <summary>
    /// A token is refreshed this long before it expires (one of unknown expiry at once), so a 60-day token is
    /// renewed once near its end, with days left to fix a refusal.
    /// </summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(10);

    /// <summary>
    /// After a refresh that failed for a reason that may pass, or that left the token inside the horizon, the next
    /// attempt comes this much later: a platform that keeps answering with short-lived tokens is not asked in a loop.
    /// </summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromHours(1);
}
