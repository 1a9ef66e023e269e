using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Meta.Messaging;

/// <summary>How a refused credential test reads, the same for Messenger and Instagram.</summary>
public static class MessagingCredentialTests
{
    public static CredentialTestResult Refused(GraphCallResult result, string token) =>
        CredentialChecks.CallFailed(MessengerErrorMapping.ToFailure(result, secretToHide: token), "Meta refused the access token.", "The Graph API could not be asked");

    public static string Field(GraphCallResult result, string name) => PlatformJson.Text(result.Body, name) ?? "";
}
