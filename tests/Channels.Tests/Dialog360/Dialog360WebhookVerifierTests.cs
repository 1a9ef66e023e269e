namespace DaprChannels.Channels.Tests.Dialog360;

public class Dialog360WebhookVerifierTests
{
    private const string SigningSecret = "partner-platform-secret-0123456789";
    private static readonly Dialog360Adapter Adapter = new(null!, null!);
    private static readonly byte[] Body = SamplePayloads.Dialog360.Bytes("text");

    private static WebhookRequest Post(byte[] body, string? token, string? signature = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" };
        if (token is not null)
        {
            headers[Dialog360WebhookVerifier.WebhookTokenHeader] = token;
        }

        if (signature is not null)
        {
            headers[Dialog360WebhookVerifier.SignatureHeader] = signature;
        }

        return new WebhookRequest("POST", new Uri("https://hooks.example.com/webhooks/360dialog/int-360"), new Dictionary<string, string>(), headers, body);
    }

    [Fact]
    public void The_registered_token_in_its_header_is_accepted()
    {
        Adapter.Verify(Post(Body, Dialog360Harness.WebhookToken), Dialog360Harness.Integrate()).Should().Be(WebhookVerdict.Valid);
    }

    [Fact]
    public void A_header_name_in_other_case_still_counts()
    {
        var headers = new Dictionary<string, string> { [Dialog360WebhookVerifier.WebhookTokenHeader.ToLowerInvariant()] = Dialog360Harness.WebhookToken };
        var request = new WebhookRequest("POST", new Uri("https://hooks.example.com/x"), new Dictionary<string, string>(), headers, Body);

        Adapter.Verify(request, Dialog360Harness.Integrate()).IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData(null, "missing webhook token header")]
    [InlineData("", "missing webhook token header")]
    [InlineData("d360-webhook-token-0123456789abcdeX", "webhook token mismatch")]
    [InlineData("d360-webhook-token-0123456789abcde", "webhook token mismatch")]
    [InlineData("d360-webhook-token-0123456789abcdef0", "webhook token mismatch")]
    public void A_missing_or_wrong_token_is_refused(string? token, string reason)
    {
        var verdict = Adapter.Verify(Post(Body, token), Dialog360Harness.Integrate());

        verdict.IsValid.Should().BeFalse();
        verdict.Reason.Should().Be(reason).And.NotContain(Dialog360Harness.WebhookToken);
    }

    [Fact]
    public void An_integration_without_a_token_refuses_everything()
    {
        var integration = Dialog360Harness.Integrate() with { Credentials = new Dictionary<string, string> { [Dialog360Credentials.ApiKey] = "k" } };

        Adapter.Verify(Post(Body, Dialog360Harness.WebhookToken), integration).IsValid.Should().BeFalse();
    }

    [Fact]
    public void With_a_signing_secret_bare_hex_and_prefixed_signatures_are_accepted()
    {
        var integration = Dialog360Harness.Integrate(signingSecret: SigningSecret);
        var hex = Dialog360WebhookVerifier.SignatureHeaderValue(SigningSecret, Body);

        hex.Should().MatchRegex("^[0-9a-f]{64}$");
        Adapter.Verify(Post(Body, Dialog360Harness.WebhookToken, hex), integration).IsValid.Should().BeTrue();
        Adapter.Verify(Post(Body, Dialog360Harness.WebhookToken, "sha256=" + hex), integration).IsValid.Should().BeTrue();
        Adapter.Verify(Post(Body, Dialog360Harness.WebhookToken, hex.ToUpperInvariant()), integration).IsValid.Should().BeTrue();
    }

    [Fact]
    public void With_a_signing_secret_the_signature_is_required_over_the_raw_body()
    {
        var integration = Dialog360Harness.Integrate(signingSecret: SigningSecret);
        var signature = Dialog360WebhookVerifier.SignatureHeaderValue(SigningSecret, Body);
        var altered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("parcel", "PARCEL", StringComparison.Ordinal));

        Adapter.Verify(Post(Body, Dialog360Harness.WebhookToken), integration).Reason.Should().Be("missing signature header");
        Adapter.Verify(Post(altered, Dialog360Harness.WebhookToken, signature), integration).Reason.Should().Be("signature mismatch");
        Adapter.Verify(Post(Body, Dialog360Harness.WebhookToken, Dialog360WebhookVerifier.SignatureHeaderValue("another-secret", Body)), integration)
            .Reason.Should().Be("signature mismatch");
        Adapter.Verify(Post(Body, Dialog360Harness.WebhookToken, "sha256=xyz"), integration).Reason.Should().Be("malformed signature header");
        Adapter.Verify(Post(Body, Dialog360Harness.WebhookToken, new string('g', 64)), integration).Reason.Should().Be("malformed signature header");
    }

    [Fact]
    public void A_valid_signature_does_not_make_up_for_a_wrong_token()
    {
        var integration = Dialog360Harness.Integrate(signingSecret: SigningSecret);

        Adapter.Verify(Post(Body, "wrong-token-wrong-token-0123", Dialog360WebhookVerifier.SignatureHeaderValue(SigningSecret, Body)), integration)
            .IsValid.Should().BeFalse();
    }

    [Fact]
    public void Without_a_signing_secret_a_signature_header_is_ignored()
    {
        Adapter.Verify(Post(Body, Dialog360Harness.WebhookToken, "sha256=garbage"), Dialog360Harness.Integrate()).IsValid.Should().BeTrue();
    }

    [Fact]
    public void There_is_no_get_handshake()
    {
        var get = new WebhookRequest("GET", new Uri("https://hooks.example.com/x"),
            new Dictionary<string, string> { ["hub.mode"] = "subscribe", ["hub.challenge"] = "1", ["hub.verify_token"] = Dialog360Harness.WebhookToken },
            new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty);

        Adapter.Handshake(get, Dialog360Harness.Integrate()).Should().Be(WebhookHandshake.NotSupported);
    }
}
