namespace DaprChannels.Channels.Tests.Meta;

/// <summary>
/// What every channel fed by a Meta app webhook must do, written once: answer the subscription handshake
/// only with the integration's verify token, accept a body only when X-Hub-Signature-256 is the
/// HMAC of its raw bytes under the app secret or the previous one while it rotates, and refuse to
/// parse for an integration that does not name its account.
/// </summary>
/// <param name="offlineAdapter">The adapter, built without what verifying needs no part of.</param>
/// <param name="integrationWith">The platform's test integration, with the given credentials added.</param>
/// <param name="accountIdSetting">The config setting naming the account whose webhook events the integration takes.</param>
public abstract class MetaWebhookContract(
    IInboundChannel offlineAdapter, SamplePayloads samples, string appSecret, string verifyToken,
    Func<IReadOnlyDictionary<string, string>?, ChannelIntegration> integrationWith, string accountIdSetting)
{
    private const string Challenge = "1158201444";

    private ChannelIntegration IntegrationWith(IReadOnlyDictionary<string, string>? extraCredentials = null) => integrationWith(extraCredentials);

    /// <summary>Meta's POST of <paramref name="body"/>, signed with <paramref name="signature"/> where there is one.</summary>
    protected static WebhookRequest Post(byte[] body, string? signature)
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
        if (signature is not null)
        {
            headers[MetaSignatureVerifier.SignatureHeader] = signature;
        }

        return new WebhookRequest("POST", new Uri("https://hooks.example.com/webhooks/meta"), new Dictionary<string, string>(), headers, body);
    }

    [Fact]
    public void Handshake_uses_the_integrations_verify_token()
    {
        static WebhookRequest Get(string token, string mode = "subscribe") => new("GET", new Uri("https://hooks.example.com/webhooks/meta"),
            new Dictionary<string, string> { ["hub.mode"] = mode, ["hub.verify_token"] = token, ["hub.challenge"] = Challenge },
            new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty);

        offlineAdapter.Handshake(Get(verifyToken), IntegrationWith()).Should().Be(new WebhookHandshake(200, Challenge));
        offlineAdapter.Handshake(Get("guess"), IntegrationWith()).StatusCode.Should().Be(403);
        offlineAdapter.Handshake(Get(verifyToken, "unsubscribe"), IntegrationWith()).StatusCode.Should().Be(403);
    }

    [Fact]
    public void Verify_checks_the_signature_over_the_raw_bytes_with_the_app_secret_and_the_previous_one()
    {
        var body = samples.Bytes("batched");
        var rotating = IntegrationWith(new Dictionary<string, string> { [MetaAppCredentials.PreviousAppSecret] = "old-secret" });

        offlineAdapter.Verify(Post(body, MetaSignatureVerifier.SignatureHeaderValue(appSecret, body)), IntegrationWith()).IsValid.Should().BeTrue();
        offlineAdapter.Verify(Post(body, MetaSignatureVerifier.SignatureHeaderValue("old-secret", body)), IntegrationWith()).IsValid.Should().BeFalse();
        offlineAdapter.Verify(Post(body, MetaSignatureVerifier.SignatureHeaderValue("old-secret", body)), rotating).IsValid.Should().BeTrue();
        offlineAdapter.Verify(Post(body, null), IntegrationWith()).IsValid.Should().BeFalse();
        var tampered = (byte[])body.Clone();
        tampered[^5] ^= 1;
        offlineAdapter.Verify(Post(tampered, MetaSignatureVerifier.SignatureHeaderValue(appSecret, body)), IntegrationWith()).IsValid.Should().BeFalse();

        // Whitespace Meta sent is part of what it signed: the same JSON re-serialized does not verify.
        var compact = Encoding.UTF8.GetBytes(System.Text.Json.JsonDocument.Parse(body).RootElement.GetRawText().Replace("\n", "").Replace(" ", ""));
        offlineAdapter.Verify(Post(compact, MetaSignatureVerifier.SignatureHeaderValue(appSecret, body)), IntegrationWith()).IsValid.Should().BeFalse();
    }

    [Fact]
    public void Verify_without_an_app_secret_is_invalid()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var integration = IntegrationWith() with
        {
            Credentials = IntegrationWith().Credentials.Where(c => c.Key != MetaAppCredentials.AppSecret).ToDictionary(),
        };

        offlineAdapter.Verify(Post(body, MetaSignatureVerifier.SignatureHeaderValue("", body)), integration)
            .Should().Be(WebhookVerdict.Invalid("the integration has no app secret"));
    }

    [Fact]
    public void Parse_without_the_account_id_is_a_configuration_error()
    {
        var integration = IntegrationWith() with { Config = new Dictionary<string, string>() };

        var act = () => offlineAdapter.Parse(samples.Delivery("batched"), integration);

        act.Should().Throw<ChannelConfigurationException>().WithMessage($"*{accountIdSetting}*");
    }
}
