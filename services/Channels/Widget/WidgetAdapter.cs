using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;
using Microsoft.Extensions.Options;

namespace DaprChannels.Channels.Widget;

/// <summary>
/// The website chat bubble. Ingress serves its HTTP endpoints and issues visitor tokens; this
/// adapter verifies them, reads visitor messages and hands replies to <see cref="IWidgetReplySink"/>.
/// There is no platform API, so the widget has no API client: the sink stands in its place.
/// </summary>
public sealed class WidgetAdapter(IServiceProvider services, IOptionsMonitor<WidgetOptions> options)
    : ChannelAdapter(WidgetDescriptor, WidgetCapabilities.Value), IInboundChannel, IOutboundChannel, IChannelLifecycle
{
    private static readonly ChannelDescriptor WidgetDescriptor = new(
        Platforms.Widget,
        "Website chat widget",
        [
            new ChannelField(WidgetCredentials.AllowedOriginsConfig, Required: false, Secret: false, "Comma-separated origins allowed to embed the widget (empty: any)."),
            new ChannelField(WidgetCredentials.TitleConfig, Required: false, Secret: false, "Title shown on the chat window."),
            new ChannelField(WidgetCredentials.GreetingConfig, Required: false, Secret: false, "First message shown to a visitor."),
            new ChannelField(WidgetCredentials.AccentColorConfig, Required: false, Secret: false, "Accent colour, e.g. #0a7cff."),
        ],
        [
            new ChannelField(WidgetCredentials.WidgetSecret, Required: false, Secret: true, "Key that signs visitor tokens; generated when left empty.",
                Generated: true, PreviousField: WidgetCredentials.PreviousWidgetSecret),
            new ChannelField(WidgetCredentials.PreviousWidgetSecret, Required: false, Secret: true, "The key being rotated out; its tokens stay valid until removed."),
        ]);

    private readonly WidgetSender _sender = new(services);

    /// <summary>Whether a page at <paramref name="origin"/> may use this integration's widget.</summary>
    public static bool IsOriginAllowed(ChannelIntegration integration, string? origin)
    {
        var allowed = integration.ConfigValue(WidgetCredentials.AllowedOriginsConfig);
        if (allowed is null)
        {
            return true;
        }

        return origin is not null && allowed
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(o => string.Equals(o.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }

    public override IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials) =>
        WidgetCredentials.Prepare(credentials);

    public WebhookHandshake Handshake(WebhookRequest request, ChannelIntegration integration) => WebhookHandshake.NotSupported;

    public WebhookVerdict Verify(WebhookRequest request, ChannelIntegration integration) =>
        WidgetWebhookVerifier.Verify(request, integration, out _);

    /// <summary>
    /// The browser's message id scoped to the visitor named by the (already verified) token, so two
    /// visitors' ids never collide.
    /// </summary>
    public string? DeliveryId(WebhookRequest request) =>
        WidgetWebhookVerifier.VisitorOf(request) is { } visitorId && WidgetParser.ReadMessageId(request.Body.Span) is { } id
            ? WidgetParser.ScopedMessageId(visitorId, id)
            : null;

    public ParsedDelivery Parse(RawDelivery delivery, ChannelIntegration integration) =>
        WidgetParser.Parse(delivery, options.CurrentValue.MaxInboundTextLength);

    public Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken) =>
        _sender.SendAsync(message, integration, cancellationToken);

    public Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialTestResult(true, "nothing to test: the widget talks to this service only"));

    public Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken) =>
        Task.FromResult(new TokenRefreshResult(false, "not applicable: the widget secret does not expire"));

    public Task<WebhookResult> RegisterWebhookAsync(ChannelIntegration integration, Uri webhookUrl, CancellationToken cancellationToken) =>
        Task.FromResult(WebhookResult.Failed("not applicable: the widget is served by Ingress"));
}
