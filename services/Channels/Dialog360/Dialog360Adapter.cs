using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;
using Microsoft.Extensions.Options;
using DaprChannels.Channels.Meta.CloudApi;

namespace DaprChannels.Channels.Dialog360;

/// <summary>
/// WhatsApp through 360dialog: Cloud API payloads and message bodies (parsed and built by the
/// Meta family's Cloud API parser and sender), 360dialog's host and API key, a webhook set through
/// the API and authenticated by a header registered with it.
/// </summary>
public sealed partial class Dialog360Adapter(Dialog360ApiClient api, IOptionsMonitor<Dialog360Options> options)
    : MetaFamilyAdapter(Dialog360Descriptor, Dialog360Capabilities.Value), IAddressNormalizer, IConversationActions, IMediaSource
{
    private static readonly ChannelDescriptor Dialog360Descriptor = new(
        Platforms.Dialog360,
        "WhatsApp via 360dialog",
        [
            new ChannelField(Dialog360Credentials.PhoneNumberId, Required: true, Secret: false, "Phone number id of the channel's number (360dialog hub), digits."),
            new ChannelField(Dialog360Credentials.WabaId, Required: false, Secret: false, "WhatsApp Business Account id."),
            .. WindowTemplate.ConfigFields,
        ],
        [
            new ChannelField(Dialog360Credentials.ApiKey, Required: true, Secret: true, "The channel's API key from the 360dialog hub (sent as D360-API-KEY)."),
            new ChannelField(Dialog360Credentials.WebhookToken, Required: false, Secret: true,
                $"Registered with the webhook and sent back in {Dialog360WebhookVerifier.WebhookTokenHeader}; generated when left empty.", Generated: true),
            new ChannelField(Dialog360Credentials.WebhookSigningSecret, Required: false, Secret: true,
                $"Partner signing secret: when set, deliveries must also carry a valid {Dialog360WebhookVerifier.SignatureHeader}."),
        ],
        AccountField: Dialog360Credentials.PhoneNumberId);

    private readonly CloudApiChannel _cloudApi = new(api, Dialog360Credentials.ApiKey, Dialog360Credentials.RequirePhoneNumberId);

    public override IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials) =>
        Dialog360Credentials.Prepare(credentials);

    /// <summary>360dialog sends no handshake: the webhook URL is set through the API.</summary>
    public override WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration) => WebhookHandshake.NotSupported;

    public override WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration) =>
        Dialog360WebhookVerifier.Verify(request, integration);

    public override ParsedDelivery Parse(RawDelivery delivery, ChannelIntegration integration) => _cloudApi.Parse(delivery, integration);

    public override Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken) =>
        _cloudApi.SendAsync(message, integration, cancellationToken);

    public Task<SendResult> MarkAsReadAsync(ChannelIntegration integration, string channelAddress, string platformMessageId, CancellationToken cancellationToken) =>
        _cloudApi.MarkAsReadAsync(integration, platformMessageId, cancellationToken);

    public Task<SendResult> ShowTypingAsync(ChannelIntegration integration, string channelAddress, string? platformMessageId, CancellationToken cancellationToken) =>
        _cloudApi.ShowTypingAsync(integration, platformMessageId, cancellationToken);

    public async Task<MediaFetchResult> FetchMediaAsync(ChannelIntegration integration, string mediaId, CancellationToken cancellationToken)
    {
        if (!MediaIdPattern().IsMatch(mediaId))
        {
            return MediaFetchResult.Failed(MediaFetchStatus.NotFound, "not a WhatsApp media id");
        }

        var apiKey = integration.RequireCredential(Dialog360Credentials.ApiKey);
        var maxBytes = options.CurrentValue.MaxMediaBytes;
        var info = await api.GetMediaAsync(apiKey, mediaId, cancellationToken);
        if (!info.IsOk)
        {
            var failure = Dialog360ErrorMapping.ToFailure(info, secretToHide: apiKey);
            return MediaFetchResult.Failed(failure.Status switch
            {
                SendStatus.Unauthorized => MediaFetchStatus.Unauthorized,
                SendStatus.Transient => MediaFetchStatus.Transient,
                _ => MediaFetchStatus.NotFound,
            }, $"360dialog did not describe the media: {failure.Reason}");
        }

        if (PlatformJson.Text(info.Body, "url") is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var mediaUrl) || mediaUrl.Scheme is not ("https" or "http"))
        {
            return MediaFetchResult.Failed(MediaFetchStatus.NotFound, "360dialog described the media without a download URL");
        }

        if (info.Body.TryGetProperty("file_size", out var size) && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var bytes) && bytes > maxBytes)
        {
            return MediaFetchResult.Failed(MediaFetchStatus.TooLarge, $"the media is {bytes} bytes, over the limit of {maxBytes}");
        }

        return await api.DownloadAsync(apiKey, mediaUrl, maxBytes, PlatformJson.Text(info.Body, "mime_type"), cancellationToken);
    }

    public string? NormalizeAddress(string address) => WhatsAppAddress.Normalize(address);

    public override async Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
    {
        try
        {
            Dialog360Credentials.RequirePhoneNumberId(integration);
        }
        catch (ChannelConfigurationException ex)
        {
            return new CredentialTestResult(false, ex.Message);
        }

        var apiKey = integration.RequireCredential(Dialog360Credentials.ApiKey);
        var result = await api.GetWebhookConfigAsync(apiKey, cancellationToken);
        if (!result.IsOk)
        {
            return CredentialChecks.CallFailed(
                Dialog360ErrorMapping.ToFailure(result, secretToHide: apiKey), "360dialog refused the API key.", "360dialog could not be asked");
        }

        // Only the URL is reported: the configured headers hold the webhook token.
        var webhookUrl = PlatformJson.Text(result.Body, "url") ?? "";
        var subscription = webhookUrl.Length == 0 ? "missing" : PointsAtThisIntegration(webhookUrl, integration) ? "present" : "elsewhere";
        var details = new Dictionary<string, string>
        {
            ["webhookUrl"] = webhookUrl,
            ["webhookSubscription"] = subscription,
        };
        var summary = subscription switch
        {
            "present" => "360dialog accepted the API key; the webhook points at this integration.",
            "elsewhere" => "360dialog accepted the API key; the webhook points elsewhere.",
            _ => "360dialog accepted the API key; no webhook is set yet.",
        };
        return new CredentialTestResult(true, summary, details);
    }

    public override Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken) =>
        Task.FromResult(new TokenRefreshResult(false, "not applicable: 360dialog API keys do not expire and are replaced by hand in the hub"));

    public override async Task<WebhookResult> RegisterWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken)
    {
        var apiKey = integration.RequireCredential(Dialog360Credentials.ApiKey);
        var token = integration.RequireCredential(Dialog360Credentials.WebhookToken);
        var result = await api.SetWebhookAsync(apiKey, webhookUrl, new Dictionary<string, string> { [Dialog360WebhookVerifier.WebhookTokenHeader] = token }, cancellationToken);
        if (result.IsOk)
        {
            return WebhookResult.Done($"360dialog delivers to {webhookUrl.AbsoluteUri}.");
        }

        var failure = Dialog360ErrorMapping.ToFailure(result, secretToHide: apiKey);
        return WebhookResult.Failed($"360dialog refused the webhook URL: {GraphErrorMapping.Scrub(failure.Reason, token)}", new Dictionary<string, string>
        {
            ["errorCode"] = failure.ErrorCode ?? result.HttpStatus.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>The integration's own URL, or the app-level one that routes to it by phone number id.</summary>
    private static bool PointsAtThisIntegration(string webhookUrl, ChannelIntegration integration)
    {
        if (!Uri.TryCreate(webhookUrl, UriKind.Absolute, out var url))
        {
            return false;
        }

        var path = url.AbsolutePath.TrimEnd('/');
        var appLevel = $"/webhooks/{Platforms.Dialog360}";
        return path.EndsWith($"{appLevel}/{integration.Id}", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(appLevel, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Cloud API media ids are digits; letters, '_' and '-' are allowed, nothing that could change the path.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,200}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MediaIdPattern();
}
