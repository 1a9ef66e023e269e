namespace DaprChannels.Channels.Tests.Meta;

/// <summary>
/// What every channel fed by a Meta app webhook must do, written once: answer the subscription handshake
/// only with the integration's verify token, and accept a body only when X-Hub-Signature-256 is the
/// HMAC of its raw bytes under the app secret or the previous one while it rotates.
/// </summary>
public abstract class MetaWebhookContract
{
    private const string Challenge = "1158201444";

    /// <summary>The adapter, built without what verifying needs no part of.</summary>
    protected abstract IInboundChannel OfflineAdapter { get; }

    protected abstract SamplePayloads Samples { get; }

    protected abstract string AppSecret { get; }

    protected abstract string VerifyToken { get; }

    /// <summary>The platform's test integration, with <paramref name="extraCredentials"/> added.</summary>
    protected abstract ChannelIntegration IntegrationWith(IReadOnlyDictionary<string, string>? extraCredentials = null);

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

        OfflineAdapter.Handshake(Get(VerifyToken), IntegrationWith()).Should().Be(new WebhookHandshake(200, Challenge));
        OfflineAdapter.Handshake(Get("guess"), IntegrationWith()).StatusCode.Should().Be(403);
        OfflineAdapter.Handshake(Get(VerifyToken, "unsubscribe"), IntegrationWith()).StatusCode.Should().Be(403);
    }

    [Fact]
    public void Verify_checks_the_signature_over_the_raw_bytes_with_the_app_secret_and_the_previous_one()
    {
        var body = Samples.Bytes("batched");
        var rotating = IntegrationWith(new Dictionary<string, string> { [MetaAppCredentials.PreviousAppSecret] = "old-secret" });

        OfflineAdapter.Verify(Post(body, MetaSignatureVerifier.SignatureHeaderValue(AppSecret, body)), IntegrationWith()).IsValid.Should().BeTrue();
        OfflineAdapter.Verify(Post(body, MetaSignatureVerifier.SignatureHeaderValue("old-secret", body)), IntegrationWith()).IsValid.Should().BeFalse();
        OfflineAdapter.Verify(Post(body, MetaSignatureVerifier.SignatureHeaderValue("old-secret", body)), rotating).IsValid.Should().BeTrue();
        OfflineAdapter.Verify(Post(body, null), IntegrationWith()).IsValid.Should().BeFalse();
        var tampered = (byte[])body.Clone();
        tampered[^5] ^= 1;
        OfflineAdapter.Verify(Post(tampered, MetaSignatureVerifier.SignatureHeaderValue(AppSecret, body)), IntegrationWith()).IsValid.Should().BeFalse();

        // Whitespace Meta sent is part of what it signed: the same JSON re-serialized does not verify.
        var compact = Encoding.UTF8.GetBytes(System.Text.Json.JsonDocument.Parse(body).RootElement.GetRawText().Replace("\n", "").Replace(" ", ""));
        OfflineAdapter.Verify(Post(compact, MetaSignatureVerifier.SignatureHeaderValue(AppSecret, body)), IntegrationWith()).IsValid.Should().BeFalse();
    }

    [Fact]
    public void Verify_without_an_app_secret_is_invalid()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var integration = IntegrationWith() with
        {
            Credentials = IntegrationWith().Credentials.Where(c => c.Key != MetaAppCredentials.AppSecret).ToDictionary(),
        };

        OfflineAdapter.Verify(Post(body, MetaSignatureVerifier.SignatureHeaderValue("", body)), integration)
            .Should().Be(WebhookVerdict.Invalid("the integration has no app secret"));
    }
}
