using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Instagram;

/// <summary>Names and rules of an Instagram integration's config and credentials.</summary>
public static class InstagramCredentials
{
    public const string InstagramAccountId = "instagramAccountId";

    public const string AccessToken = "accessToken";
    public const string AppSecret = MetaAppCredentials.AppSecret;
    public const string PreviousAppSecret = MetaAppCredentials.PreviousAppSecret;
    public const string VerifyToken = MetaAppCredentials.VerifyToken;

    /// <summary>The professional account id every URL and every webhook filter is built from.</summary>
    public static string RequireInstagramAccountId(ChannelIntegration integration) =>
        MetaAppCredentials.RequireGraphId(integration, InstagramAccountId, "the numeric id of the Instagram professional account");

    public static IReadOnlyDictionary<string, string> Prepare(IReadOnlyDictionary<string, string> credentials) =>
        MetaAppCredentials.Prepare(credentials, AccessToken);
}
