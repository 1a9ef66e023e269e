using System.Text.Json.Nodes;
using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Meta.CloudApi;

/// <summary>
/// Where a Cloud API message body is posted: Meta's Graph API, or a provider relaying the same API
/// with its own host and key (360dialog). The sender builds the bodies once for all of them.
/// </summary>
public interface ICloudApiMessagesEndpoint
{
    /// <summary>Posts one message body, with <c>messaging_product</c> set.</summary>
    /// <param name="credential">The access token or API key the endpoint is called with.</param>
    /// <param name="phoneNumberId">The business number; an endpoint whose key is bound to one number ignores it.</param>
    Task<GraphCallResult> SendMessageAsync(string credential, string phoneNumberId, JsonObject body, CancellationToken cancellationToken);

    /// <summary>What a failed post means for the message, with <paramref name="credential"/> kept out of every text.</summary>
    SendResult ToFailure(GraphCallResult result, IReadOnlyList<string>? degradations, string credential);
}
