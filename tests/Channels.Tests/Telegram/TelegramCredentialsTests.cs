namespace DaprChannels.Channels.Tests.Telegram;

public class TelegramCredentialsTests
{
    [Fact]
    public void Missing_secret_token_is_generated_from_the_allowed_alphabet()
    {
        var prepared = TelegramCredentials.Prepare(new Dictionary<string, string> { ["botToken"] = TelegramHarness.Token });

        prepared["secretToken"].Should().MatchRegex("^[A-Za-z0-9_-]{32}$");
        prepared["botToken"].Should().Be(TelegramHarness.Token);
    }

    [Fact]
    public void Generated_secrets_differ()
    {
        TelegramCredentials.GenerateSecretToken().Should().NotBe(TelegramCredentials.GenerateSecretToken());
    }

    [Fact]
    public void Given_secret_token_is_kept()
    {
        var prepared = TelegramCredentials.Prepare(new Dictionary<string, string> { ["botToken"] = TelegramHarness.Token, ["secretToken"] = "abc_DEF-1" });

        prepared["secretToken"].Should().Be("abc_DEF-1");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("ümlaut")]
    public void Secret_token_outside_the_alphabet_is_rejected(string secret)
    {
        var prepare = () => TelegramCredentials.Prepare(new Dictionary<string, string> { ["botToken"] = TelegramHarness.Token, ["secretToken"] = secret });

        prepare.Should().Throw<ChannelConfigurationException>().Which.Message.Should().NotContain(secret);
    }

    [Fact]
    public void Secret_token_longer_than_256_is_rejected()
    {
        var prepare = () => TelegramCredentials.Prepare(new Dictionary<string, string> { ["botToken"] = TelegramHarness.Token, ["secretToken"] = new string('a', 257) });

        prepare.Should().Throw<ChannelConfigurationException>();
        TelegramCredentials.IsValidSecretToken(new string('a', 256)).Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-colon")]
    [InlineData("abc:def")]
    [InlineData("123:")]
    [InlineData("123:abc/../../x")]
    [InlineData("123:abc?x=1")]
    [InlineData("123:abc def")]
    public void Malformed_bot_token_is_rejected_without_echoing_it(string token)
    {
        var prepare = () => TelegramCredentials.Prepare(new Dictionary<string, string> { ["botToken"] = token });

        var error = prepare.Should().Throw<ChannelConfigurationException>().Which;
        if (token.Length > 0)
        {
            error.Message.Should().NotContain(token);
        }
    }
}
