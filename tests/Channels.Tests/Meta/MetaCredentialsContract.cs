namespace DaprChannels.Channels.Tests.Meta;

/// <summary>
/// How every Meta channel prepares the credentials an operator entered, written once: its access token and the
/// app secret are required and trimmed, a verify token is generated when none was given, an empty previous app
/// secret is dropped, and no error quotes a secret. A platform's subclass names its access token and its Prepare.
/// </summary>
/// <param name="accessTokenName">The credential the channel sends as, e.g. <c>pageAccessToken</c>.</param>
public abstract class MetaCredentialsContract(
    string accessTokenName, Func<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> prepare)
{
    public enum RequiredCredential
    {
        AccessToken,
        AppSecret,
    }

    [Fact]
    public void A_verify_token_is_generated_when_absent()
    {
        var prepared = prepare(new Dictionary<string, string> { [accessTokenName] = " EAAtoken ", ["appSecret"] = "secret" });

        prepared[accessTokenName].Should().Be("EAAtoken");
        prepared["verifyToken"].Should().MatchRegex("^[A-Za-z0-9_-]{32}$");
        prepare(new Dictionary<string, string> { [accessTokenName] = "a", ["appSecret"] = "s" })["verifyToken"]
            .Should().NotBe(prepared["verifyToken"]);
    }

    [Fact]
    public void A_given_verify_token_is_kept_and_an_empty_previous_secret_dropped()
    {
        var prepared = prepare(new Dictionary<string, string>
        {
            [accessTokenName] = "a", ["appSecret"] = "s", ["verifyToken"] = "mine", ["previousAppSecret"] = "",
        });

        prepared["verifyToken"].Should().Be("mine");
        prepared.Should().NotContainKey("previousAppSecret");
    }

    [Theory]
    [InlineData(RequiredCredential.AccessToken)]
    [InlineData(RequiredCredential.AppSecret)]
    public void Required_credentials_are_required(RequiredCredential which)
    {
        var missing = which == RequiredCredential.AccessToken ? accessTokenName : "appSecret";
        var credentials = new Dictionary<string, string> { [accessTokenName] = "a", ["appSecret"] = "s" };
        credentials[missing] = " ";

        var act = () => prepare(credentials);

        act.Should().Throw<ChannelConfigurationException>().WithMessage($"*'{missing}'*");
    }

    [Fact]
    public void Errors_never_quote_a_secret()
    {
        var act = () => prepare(new Dictionary<string, string> { [accessTokenName] = "EAAsecretvalue" });

        act.Should().Throw<ChannelConfigurationException>().Which.Message.Should().NotContain("EAAsecretvalue");
    }
}
