namespace DaprChannels.Channels.Meta;

/// <summary>
/// The app-level Meta webhook: a platform operator points one Meta app at <c>/webhooks/meta</c>; each delivery is
/// verified once with the app's secret, split per platform account (<see cref="MetaDeliverySplitter"/>) and routed to
/// the WhatsApp, Messenger, Instagram or Lead Ads integration that account belongs to.
/// </summary>
public sealed class MetaAppLevelWebhook : IAppLevelWebhook
{
    public const string AppSecretName = "meta-app-secret";
    public const string PreviousAppSecretName = "meta-app-secret-previous";
    public const string VerifyTokenName = "meta-verify-token";

    public string Route => "meta";

    public string Name => "Meta";

    public string DisplayName => "Meta";

    public string AccountNoun => "account";

    public IReadOnlyList<AppLevelWebhookSecret> Secrets { get; } =
    [
        new(AppSecretName, Required: true),
        new(PreviousAppSecretName, Required: false),
        new(VerifyTokenName, Required: true, ForHandshake: true),
    ];

    public bool HasHandshake => true;

    public WebhookHandshake Handshake(WebhookRequest request, IReadOnlyDictionary<string, string> secrets) =>
        MetaWebhookHandshake.Answer(request, secrets[VerifyTokenName]);

    public WebhookVerdict Verify(WebhookRequest request, IReadOnlyDictionary<string, string> secrets) =>
        MetaSignatureVerifier.Verify(request, secrets[AppSecretName], secrets.GetValueOrDefault(PreviousAppSecretName));

    public IReadOnlyList<AccountDelivery> Split(ReadOnlySpan<byte> body) => MetaDeliverySplitter.Split(body);
}
