using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Messenger;

/// <summary>Names and rules of a Messenger integration's config and credentials.</summary>
public static class MessengerCredentials
{
    public const string PageId = MetaAppCredentials.PageId;
    public const string AppId = "appId";

    public const string PageAccessToken = MetaAppCredentials.PageAccessToken;
    public const string AppSecret = MetaAppCredentials.AppSecret;
    public const string PreviousAppSecret = MetaAppCredentials.PreviousAppSecret;
    public const string VerifyToken = MetaAppCredentials.VerifyToken;

    /// <summary>The Page id every URL and every webhook filter is built from.</summary>
    public static string RequirePageId(ChannelIntegration integration) => MetaAppCredentials.RequireGraphId(integration, PageId, "the numeric id of the Facebook Page");

    public static IReadOnlyDictionary<string, string> Prepare(IReadOnlyDictionary<string, string> credentials) =>
        MetaAppCredentials.Prepare(credentials, PageAccessToken);
}
