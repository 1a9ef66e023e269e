using System.Globalization;
using System.Text.Json;
using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.WhatsApp;

/// <summary>
/// Fetches inbound media by id: GET /{media-id} for a download URL valid five minutes, then that URL
/// with the same token, streamed. Graph error 100 ("does not exist") and 404 mean the id is unknown or
/// expired (inbound media is kept 7 days); 190 a refused token; rate limits, 5xx and timeouts are transient.
/// </summary>
public static class WhatsAppMediaDownload
{
    public static async Task<MediaFetchResult> FetchAsync(WhatsAppApiClient api, ChannelIntegration integration, string mediaId, CancellationToken cancellationToken)
    {
        if (!MetaAppCredentials.IsValidGraphId(mediaId))
        {
            return MediaFetchResult.Failed(MediaFetchStatus.NotFound, "A WhatsApp media id is a number.");
        }

        var token = integration.RequireCredential(WhatsAppCredentials.AccessToken);
        var metadata = await api.GetMediaAsync(token, mediaId, WhatsAppCredentials.RequirePhoneNumberId(integration), cancellationToken);
        if (!metadata.IsOk)
        {
            return MetadataFailure(metadata, token);
        }

        if (PlatformJson.Text(metadata.Body, "url") is not { } address || !Uri.TryCreate(address, UriKind.Absolute, out var url))
        {
            return MediaFetchResult.Failed(MediaFetchStatus.Transient, "Meta answered without a download address for the media.");
        }

        return await api.DownloadMediaAsync(token, url, PlatformJson.Text(metadata.Body, "mime_type"), FileSize(metadata.Body), cancellationToken);
    }

    private static MediaFetchResult MetadataFailure(GraphCallResult result, string token)
    {
        var failure = GraphErrorMapping.ToFailure(result, secretToHide: token);
        return failure.Status switch
        {
            SendStatus.Unauthorized => MediaFetchResult.Failed(MediaFetchStatus.Unauthorized, "Meta refused the access token."),
            SendStatus.Transient => MediaFetchResult.Failed(MediaFetchStatus.Transient, $"Meta could not be asked for the media now: {failure.Reason}"),
            _ => MediaFetchResult.Failed(MediaFetchStatus.NotFound, "Meta knows no media with that id for this number (inbound media expires after 7 days)."),
        };
    }

    /// <summary>Documented samples give file_size as a string ("303833"); a number is read too.</summary>
    private static long? FileSize(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("file_size", out var size))
        {
            return null;
        }

        return size.ValueKind switch
        {
            JsonValueKind.Number when size.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(size.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }
}
