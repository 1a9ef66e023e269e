using System.Text.Json;
using System.Text.Json.Nodes;
using DaprChannels.Channels.Meta;
using DaprChannels.Channels.Meta.CloudApi;

namespace DaprChannels.Channels.WhatsApp;

/// <summary>The Cloud API calls this channel makes, on top of the shared Graph API client.</summary>
public sealed class WhatsAppApiClient(GraphApiClient graph) : ICloudApiMessagesEndpoint
{
    /// <summary>POST /{phone-number-id}/messages with <c>messaging_product</c> set.</summary>
    public Task<GraphCallResult> SendMessageAsync(string accessToken, string phoneNumberId, JsonObject body, CancellationToken cancellationToken)
    {
        body["messaging_product"] = CloudApiMessages.MessagingProduct;
        return graph.PostAsync(accessToken, $"{phoneNumberId}/messages", body, cancellationToken);
    }

    /// <summary>
    /// GET /{media-id}: the short-lived download URL, mime_type and file_size of a media id.
    /// <c>phone_number_id</c> makes Meta answer only for media of this integration's number.
    /// </summary>
    public Task<GraphCallResult> GetMediaAsync(string accessToken, string mediaId, string phoneNumberId, CancellationToken cancellationToken) =>
        graph.GetAsync(accessToken, $"{mediaId}?phone_number_id={phoneNumberId}", cancellationToken);

    /// <summary>Streams the media at the URL <see cref="GetMediaAsync"/> gave, with the same token.</summary>
    public Task<Abstractions.MediaFetchResult> DownloadMediaAsync(string accessToken, Uri url, string? mimeType, long? fileSize, CancellationToken cancellationToken) =>
        graph.DownloadMediaAsync(accessToken, url, mimeType, fileSize, cancellationToken);

    public SendResult ToFailure(GraphCallResult result, IReadOnlyList<string>? degradations, string credential) =>
        GraphErrorMapping.ToFailure(result, degradations, credential);

    /// <summary>The number's details: proves the token can use this number.</summary>
    public Task<GraphCallResult> GetPhoneNumberAsync(string accessToken, string phoneNumberId, CancellationToken cancellationToken) =>
        graph.GetAsync(accessToken, $"{phoneNumberId}?fields=display_phone_number,verified_name", cancellationToken);
}
