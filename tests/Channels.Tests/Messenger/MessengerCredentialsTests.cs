namespace DaprChannels.Channels.Tests.Messenger;

public class MessengerCredentialsTests
{
    [Fact]
    public void A_verify_token_is_generated_when_absent()
    {
        var prepared = MessengerCredentials.Prepare(new Dictionary<string, string> { ["pageAccessToken"] = " EAAtoken ", ["appSecret"] = "secret" });

        prepared["pageAccessToken"].Should().Be("EAAtoken");
        prepared["verifyToken"].Should().MatchRegex("^[A-Za-z0-9_-]{32}$");
        MessengerCredentials.Prepare(new Dictionary<string, string> { ["pageAccessToken"] = "a", ["appSecret"] = "s" })["verifyToken"]
            .Should().NotBe(prepared["verifyToken"]);
    }

    [Fact]
    public void A_given_verify_token_is_kept_and_an_empty_previous_secret_dropped()
    {
        var prepared = MessengerCredentials.Prepare(new Dictionary<string, string>
        {
            ["pageAccessToken"] = "a", ["appSecret"] = "s", ["verifyToken"] = "mine", ["previousAppSecret"] = "",
        });

        prepared["verifyToken"].Should().Be("mine");
        prepared.Should().NotContainKey("previousAppSecret");
    }

    [Theory]
    [InlineData("pageAccessToken")]
    [InlineData("appSecret")]
    public void Required_credentials_are_required(string missing)
    {
        var credentials = new Dictionary<string, string> { ["pageAccessToken"] = "a", ["appSecret"] = "s" };
        credentials[missing] = " ";

        var act = () => MessengerCredentials.Prepare(credentials);

        act.Should().Throw<ChannelConfigurationException>().WithMessage($"*'{missing}'*");
    }

    [Fact]
    public void Errors_never_quote_a_secret()
    {
        var act = () => MessengerCredentials.Prepare(new Dictionary<string, string> { ["pageAccessToken"] = "EAAsecretvalue" });

        act.Should().Throw<ChannelConfigurationException>().Which.Message.Should().NotContain("EAAsecretvalue");
    }
}
