namespace DaprChannels.Channels.Tests.Meta;

public class MetaSignatureVerifierTests
{
    private const string Secret = "5f4dcc3b5aa765d61d8327deb882cf99";
    private const string OldSecret = "0123456789abcdef0123456789abcdef";

    // Meta signs the body as sent, unicode escapes included.
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"text":"\u00e4\u00f6\u00e5"}}]}]}""");

    private static WebhookRequest Request(byte[] body, string? signature, string headerName = MetaSignatureVerifier.SignatureHeader)
    {
        var headers = new Dictionary<string, string>();
        if (signature is not null)
        {
            headers[headerName] = signature;
        }

        return new WebhookRequest("POST", new Uri("https://hooks.example.com/whatsapp/int-1"), new Dictionary<string, string>(), headers, body);
    }

    [Fact]
    public void Known_vector_matches_an_independent_hmac()
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes("key"));
        var expected = "sha256=" + Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog")));

        MetaSignatureVerifier.SignatureHeaderValue("key", Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog"))
            .Should().Be(expected).And.Be("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    [Fact]
    public void Right_signature_is_valid()
    {
        MetaSignatureVerifier.Verify(Request(Body, MetaSignatureVerifier.SignatureHeaderValue(Secret, Body)), Secret).IsValid.Should().BeTrue();
    }

    [Fact]
    public void Header_name_and_hex_case_do_not_matter()
    {
        var signature = "sha256=" + Convert.ToHexString(MetaSignatureVerifier.Sign(Secret, Body));

        MetaSignatureVerifier.Verify(Request(Body, signature, "x-hub-signature-256"), Secret).IsValid.Should().BeTrue();
    }

    [Fact]
    public void Wrong_secret_is_invalid()
    {
        var verdict = MetaSignatureVerifier.Verify(Request(Body, MetaSignatureVerifier.SignatureHeaderValue("another-secret", Body)), Secret);

        verdict.IsValid.Should().BeFalse();
        verdict.Reason.Should().Be("signature mismatch");
    }

    [Fact]
    public void Missing_header_is_invalid()
    {
        MetaSignatureVerifier.Verify(Request(Body, null), Secret).Should().Be(WebhookVerdict.Invalid("missing signature header"));
    }

    [Theory]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd")]
    [InlineData("sha256=g7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")]
    public void Malformed_header_is_invalid(string header)
    {
        MetaSignatureVerifier.Verify(Request(Body, header), Secret).Should().Be(WebhookVerdict.Invalid("malformed signature header"));
    }

    [Fact]
    public void Body_altered_by_one_byte_is_invalid()
    {
        var signature = MetaSignatureVerifier.SignatureHeaderValue(Secret, Body);
        var altered = (byte[])Body.Clone();
        altered[^3] ^= 0x01;

        MetaSignatureVerifier.Verify(Request(altered, signature), Secret).IsValid.Should().BeFalse();
    }

    [Fact]
    public void Reserialized_body_is_invalid_because_the_escapes_are_signed()
    {
        var signature = MetaSignatureVerifier.SignatureHeaderValue(Secret, Body);
        var reserialized = Encoding.UTF8.GetBytes(System.Text.Json.Nodes.JsonNode.Parse(Body)!.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));

        reserialized.Should().NotEqual(Body);
        MetaSignatureVerifier.Verify(Request(reserialized, signature), Secret).IsValid.Should().BeFalse();
    }

    [Fact]
    public void Previous_secret_is_accepted_during_rotation()
    {
        var signedWithOld = Request(Body, MetaSignatureVerifier.SignatureHeaderValue(OldSecret, Body));

        MetaSignatureVerifier.Verify(signedWithOld, Secret, previousAppSecret: OldSecret).IsValid.Should().BeTrue();
        MetaSignatureVerifier.Verify(signedWithOld, Secret).IsValid.Should().BeFalse();
    }

    [Fact]
    public void Reason_never_carries_the_expected_signature()
    {
        var expectedHex = Convert.ToHexStringLower(MetaSignatureVerifier.Sign(Secret, Body));

        var verdict = MetaSignatureVerifier.Verify(Request(Body, "sha256=" + new string('0', 64)), Secret);

        verdict.IsValid.Should().BeFalse();
        verdict.Reason.Should().NotContain(expectedHex).And.NotContain(Secret);
    }
}
