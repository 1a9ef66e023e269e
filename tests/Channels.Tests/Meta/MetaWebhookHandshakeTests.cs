namespace DaprChannels.Channels.Tests.Meta;

public class MetaWebhookHandshakeTests
{
    private const string Token = "verify_Token-0123456789abcdefghij";

    private static WebhookRequest Get(string? mode, string? token, string? challenge, string method = "GET")
    {
        var query = new Dictionary<string, string>();
        if (mode is not null)
        {
            query["hub.mode"] = mode;
        }

        if (token is not null)
        {
            query["hub.verify_token"] = token;
        }

        if (challenge is not null)
        {
            query["hub.challenge"] = challenge;
        }

        return new WebhookRequest(method, new Uri("https://hooks.example.com/whatsapp/int-1"), query, new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty);
    }

    [Fact]
    public void Right_token_answers_the_challenge_exactly_as_text()
    {
        var answer = MetaWebhookHandshake.Answer(Get("subscribe", Token, "1158201444"), Token);

        answer.StatusCode.Should().Be(200);
        answer.Body.Should().Be("1158201444");
        answer.ContentType.Should().Be("text/plain");
    }

    [Theory]
    [InlineData("wrong-token")]
    [InlineData("verify_Token-0123456789abcdefghi")]
    [InlineData("verify_Token-0123456789abcdefghijk")]
    [InlineData("")]
    public void Wrong_token_is_forbidden(string token)
    {
        MetaWebhookHandshake.Answer(Get("subscribe", token, "1158201444"), Token).Should().Be(WebhookHandshake.Forbidden);
    }

    [Theory]
    [InlineData("unsubscribe")]
    [InlineData("Subscribe")]
    [InlineData(null)]
    public void Wrong_or_missing_mode_is_forbidden(string? mode)
    {
        MetaWebhookHandshake.Answer(Get(mode, Token, "1158201444"), Token).StatusCode.Should().Be(403);
    }

    [Fact]
    public void Missing_challenge_or_unset_token_is_forbidden()
    {
        MetaWebhookHandshake.Answer(Get("subscribe", Token, null), Token).StatusCode.Should().Be(403);
        MetaWebhookHandshake.Answer(Get("subscribe", Token, "1"), verifyToken: null).StatusCode.Should().Be(403);
        MetaWebhookHandshake.Answer(Get("subscribe", "", "1"), verifyToken: "").StatusCode.Should().Be(403);
    }

    [Fact]
    public void Only_get_is_a_handshake()
    {
        MetaWebhookHandshake.Answer(Get("subscribe", Token, "1", method: "POST"), Token).StatusCode.Should().Be(405);
    }
}
