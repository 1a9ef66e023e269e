namespace DaprChannels.IntegrationAdmin.Integrations;

/// <summary>When the hourly token refresh touches an integration, bound from <c>IntegrationAdmin:TokenRefresh</c>.</summary>
public sealed class TokenRefreshOptions
{
    public const string Section = "IntegrationAdmin:TokenRefresh";

    /// <summary>
    /// Tokens expiring within this window (or of unknown expiry) are refreshed; the rest are left
    /// alone, so a 60-day token is renewed once near its end, not every hour.
    /// </summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(10);
}
