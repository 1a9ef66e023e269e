namespace DaprChannels.Channels.Tests.Widget;

public class WidgetVisitorTokenTests
{
    private static readonly string Secret = WidgetCredentials.GenerateSecret();

    [Fact]
    public void Visitor_ids_are_v_underscore_and_22_base64url_chars_and_unique()
    {
        var id = WidgetVisitorToken.NewVisitorId();

        id.Should().MatchRegex("^v_[A-Za-z0-9_-]{22}$");
        WidgetVisitorToken.IsValidVisitorId(id).Should().BeTrue();
        WidgetVisitorToken.NewVisitorId().Should().NotBe(id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v_short")]
    [InlineData("x_AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v_AAAAAAAAAAAAAAAAAAAAA!")]
    [InlineData("v_AAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_visitor_ids_are_rejected(string? id)
    {
        WidgetVisitorToken.IsValidVisitorId(id).Should().BeFalse();
    }

    [Fact]
    public void Issued_token_validates_and_names_the_visitor()
    {
        var visitor = WidgetVisitorToken.NewVisitorId();
        var token = WidgetVisitorToken.Issue(Secret, visitor);

        token.Should().StartWith(visitor + ".");
        WidgetVisitorToken.TryValidate(Secret, token, out var validated).Should().BeTrue();
        validated.Should().Be(visitor);
    }

    [Fact]
    public void Token_from_another_secret_is_rejected()
    {
        var token = WidgetVisitorToken.Issue(WidgetCredentials.GenerateSecret(), WidgetVisitorToken.NewVisitorId());

        WidgetVisitorToken.TryValidate(Secret, token, out var visitor).Should().BeFalse();
        visitor.Should().BeNull();
    }

    [Fact]
    public void Swapping_the_visitor_id_breaks_the_token()
    {
        var token = WidgetVisitorToken.Issue(Secret, WidgetVisitorToken.NewVisitorId());
        var forged = WidgetVisitorToken.NewVisitorId() + token[token.IndexOf('.')..];

        WidgetVisitorToken.TryValidate(Secret, forged, out _).Should().BeFalse();
    }

    [Fact]
    public void Any_changed_character_of_the_mac_breaks_the_token()
    {
        var token = WidgetVisitorToken.Issue(Secret, WidgetVisitorToken.NewVisitorId());
        var dot = token.IndexOf('.');

        for (var i = dot + 1; i < token.Length; i++)
        {
            var tampered = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            WidgetVisitorToken.TryValidate(Secret, tampered, out _).Should().BeFalse($"position {i} was changed");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("v_AAAAAAAAAAAAAAAAAAAAAA.")]
    [InlineData("v_AAAAAAAAAAAAAAAAAAAAAA.!!!")]
    public void Garbage_is_rejected(string token)
    {
        WidgetVisitorToken.TryValidate(Secret, token, out _).Should().BeFalse();
    }

    [Fact]
    public void Truncated_or_extended_mac_is_rejected()
    {
        var token = WidgetVisitorToken.Issue(Secret, WidgetVisitorToken.NewVisitorId());

        WidgetVisitorToken.TryValidate(Secret, token[..^1], out _).Should().BeFalse();
        WidgetVisitorToken.TryValidate(Secret, token + "A", out _).Should().BeFalse();
    }

    [Fact]
    public void Issuing_for_a_client_chosen_id_is_refused()
    {
        var issue = () => WidgetVisitorToken.Issue(Secret, "admin");

        issue.Should().Throw<ArgumentException>();
    }
}
