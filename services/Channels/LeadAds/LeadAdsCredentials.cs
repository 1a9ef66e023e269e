using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.LeadAds;

/// <summary>Names and rules of a Lead Ads integration's config and credentials.</summary>
public static class LeadAdsCredentials
{
    public const string PageId = MetaAppCredentials.PageId;

    /// <summary>Comma-separated form ids; when set, leads of every other form are ignored.</summary>
    public const string FormIds = "formIds";

    public const string PageAccessToken = MetaAppCredentials.PageAccessToken;
    public const string AppSecret = MetaAppCredentials.AppSecret;
    public const string PreviousAppSecret = MetaAppCredentials.PreviousAppSecret;
    public const string VerifyToken = MetaAppCredentials.VerifyToken;

    /// <summary>The Page id every URL and every webhook filter is built from.</summary>
    public static string RequirePageId(ChannelIntegration integration) =>
        MetaAppCredentials.RequireGraphId(integration, PageId, "the numeric id of the Facebook Page that owns the lead forms");

    /// <summary>The forms whose leads are wanted; empty means every form of the Page.</summary>
    public static IReadOnlySet<string> RequireFormIds(ChannelIntegration integration)
    {
        var ids = (integration.ConfigValue(FormIds) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        return ids.All(MetaAppCredentials.IsValidGraphId)
            ? ids
            : throw new ChannelConfigurationException($"The '{FormIds}' setting must be numeric form ids separated by commas.");
    }

    public static IReadOnlyDictionary<string, string> Prepare(IReadOnlyDictionary<string, string> credentials) =>
        MetaAppCredentials.Prepare(credentials, PageAccessToken);
}
