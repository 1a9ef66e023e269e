using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;

namespace DaprChannels.Channels.Dialog360;

/// <summary>
/// The app-level 360dialog webhook: a partner registers <c>/webhooks/360dialog</c> for all of its channels with one
/// platform-wide token header (optionally also signed). Each delivery is verified once, split by
/// <c>metadata.phone_number_id</c> and routed to the 360dialog integration claiming that number. 360dialog sends no handshake.
/// </summary>
public sealed class Dialog360AppLevelWebhook : IAppLevelWebhook
{
    public const string WebhookTokenName = "dialog360-webhook-token";
    public const string SigningSecretName = "dialog360-signing-secret";

    public string Route => Platforms.Dialog360;

    public string Name => "Dialog360";

    public string DisplayName => "360dialog";

    public string AccountNoun => "phone number";

    public IReadOnlyList<AppLevelWebhookSecret> Secrets { get; } =
    [
        new(WebhookTokenName, Required: true),
        new(SigningSecretName, Required: false),
    ];

    public bool HasHandshake => false;

    public WebhookHandshake Handshake(WebhookRequest request, IReadOnlyDictionary<string, string> secrets) => WebhookHandshake.NotSupported;

    public WebhookVerdict Verify(WebhookRequest request, IReadOnlyDictionary<string, string> secrets) =>
        Dialog360WebhookVerifier.Verify(request, secrets[WebhookTokenName], secrets.GetValueOrDefault(SigningSecretName));

    // 360dialog relays Cloud API payloads only; anything else in the body has no integration here.
    public IReadOnlyList<AccountDelivery> Split(ReadOnlySpan<byte> body) =>
        MetaDeliverySplitter.Split(body, Platforms.Dialog360).Where(s => s.Platform == Platforms.Dialog360).ToList();
}
