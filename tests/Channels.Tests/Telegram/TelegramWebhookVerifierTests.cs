namespace DaprChannels.Channels.Tests.Telegram;

public class TelegramWebhookVerifierTests
{
    private const string Secret = "current_Secret-0123456789abcdefXY";
    private const string Previous = "previous_Secret-0123456789abcdefX";

    private static ChannelIntegration Integration(string? previous = null)
    {
        var credentials = new Dictionary<string, string> { ["botToken"] = TelegramHarness.Token, ["secretToken"] = Secret };
        if (previous is not null)
        {
            credentials["previousSecretToken"] = previous;
        }

        return new ChannelIntegration("int-1", "tenant-1", Platforms.Telegram, new Dictionary<string, string>(), credentials);
    }

    private static WebhookRequest Request(string? secretHeader, string headerName = TelegramWebhookVerifier.SecretTokenHeader)
    {
        var headers = new Dictionary<string, string>();
        if (secretHeader is not null)
        {
            headers[headerName] = secretHeader;
        }

        return new WebhookRequest("POST", new Uri("https://hooks.example.com/webhooks/telegram/int-1"), new Dictionary<string, string>(), headers, SamplePayloads.Telegram.Bytes("text"));
    }

    [Fact]
    public void Right_secret_is_valid()
    {
        TelegramWebhookVerifier.Verify(Request(Secret), Integration()).IsValid.Should().BeTrue();
    }

    [Fact]
    public void Header_name_is_matched_regardless_of_case()
    {
        TelegramWebhookVerifier.Verify(Request(Secret, "x-telegram-bot-api-secret-token"), Integration()).IsValid.Should().BeTrue();
    }

    [Fact]
    public void Wrong_secret_of_the_same_length_is_invalid_and_the_reason_names_neither_token()
    {
        var wrong = "current_Secret-0123456789abcdefXZ";
        var verdict = TelegramWebhookVerifier.Verify(Request(wrong), Integration());

        verdict.IsValid.Should().BeFalse();
        verdict.Reason.Should().NotBeNullOrEmpty();
        verdict.Reason.Should().NotContain(Secret).And.NotContain(wrong);
    }

    [Theory]
    [InlineData("current_Secret-0123456789abcdefX")]
    [InlineData("current_Secret-0123456789abcdefXYZ")]
    [InlineData("c")]
    public void Secret_of_a_different_length_is_invalid(string presented)
    {
        TelegramWebhookVerifier.Verify(Request(presented), Integration()).IsValid.Should().BeFalse();
    }

    [Fact]
    public void Missing_header_is_invalid()
    {
        var verdict = TelegramWebhookVerifier.Verify(Request(null), Integration());

        verdict.IsValid.Should().BeFalse();
        verdict.Reason.Should().Contain("missing");
    }

    [Fact]
    public void Previous_secret_is_accepted_during_rotation_only()
    {
        TelegramWebhookVerifier.Verify(Request(Previous), Integration(Previous)).IsValid.Should().BeTrue();
        TelegramWebhookVerifier.Verify(Request(Secret), Integration(Previous)).IsValid.Should().BeTrue();
        TelegramWebhookVerifier.Verify(Request(Previous), Integration()).IsValid.Should().BeFalse();
    }

    [Fact]
    public void Integration_without_a_secret_accepts_nothing()
    {
        var integration = new ChannelIntegration("int-1", "tenant-1", Platforms.Telegram, new Dictionary<string, string>(),
            new Dictionary<string, string> { ["botToken"] = TelegramHarness.Token });

        TelegramWebhookVerifier.Verify(Request(""), integration).IsValid.Should().BeFalse();
        TelegramWebhookVerifier.Verify(Request("anything"), integration).IsValid.Should().BeFalse();
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 3 }, true)]
    [InlineData(new byte[] { 1, 2 }, new byte[] { 1, 2, 3 }, false)]
    [InlineData(new byte[] { 1, 2, 3, 0 }, new byte[] { 1, 2, 3 }, false)]
    [InlineData(new byte[] { 1, 2, 0 }, new byte[] { 1, 2, 3 }, false)]
    public void Fixed_time_comparison_handles_padding_and_length(byte[] presented, byte[] expected, bool equal)
    {
        SecretComparison.Equal(presented, expected).Should().Be(equal);
    }
}
