using System.Text.Json;
using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Meta.Messaging;

/// <summary>How a refused credential test reads, the same for Messenger and Instagram.</summary>
public static class MessagingCredentialTests
{
    public static CredentialTestResult Refused(GraphCallResult result, string token)
    {
        var failure = MessengerErrorMapping.ToFailure(result, secretToHide: token);
        return new CredentialTestResult(false, failure.Status == SendStatus.Unauthorized
            ? "Meta refused the access token."
            : $"The Graph API could not be asked: {failure.Reason}", new Dictionary<string, string>
        {
            ["errorCode"] = failure.ErrorCode ?? "",
        })
        {
            Unanswered = failure.Status == SendStatus.Transient,
        };
    }

    public static string Field(GraphCallResult result, string name) =>
        result.Body.ValueKind == JsonValueKind.Object && result.Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? ""
            : "";
}
