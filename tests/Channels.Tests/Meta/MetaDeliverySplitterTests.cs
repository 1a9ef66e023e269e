namespace DaprChannels.Channels.Tests.Meta;

/// <summary>An app-level body that cannot be split is a <see cref="FormatException"/>, which the edge answers 400.</summary>
public class MetaDeliverySplitterTests
{
    [Theory]
    [InlineData("""{"object":"page","object":"instagram","entry":[]}""", "*twice*")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"metadata":{"phone_number_id":"1","phone_number_id":"2"}}}]}]}""", "*twice*")]
    [InlineData("""{"object":"page","entry":[""", "*not valid JSON*")]
    [InlineData("""{"object":"page","entry":[{"id":"1","messaging":[{"message":{"text":"\uD800"}}]}]}""", "*not valid Unicode*")]
    public void A_body_with_duplicate_keys_broken_json_or_broken_text_is_malformed(string body, string message)
    {
        var act = () => MetaDeliverySplitter.Split(Encoding.UTF8.GetBytes(body));

        act.Should().Throw<FormatException>().WithMessage(message);
    }

    [Fact]
    public void A_body_that_is_not_utf8_is_malformed()
    {
        var body = Encoding.UTF8.GetBytes("""{"object":"page","entry":[{"id":"1","messaging":[{"message":{"text":"#"}}]}]}""");
        body[Array.IndexOf(body, (byte)'#')] = 0xFF;

        var act = () => MetaDeliverySplitter.Split(body);

        act.Should().Throw<FormatException>().WithMessage("*UTF-8*");
    }

    [Fact]
    public void The_same_key_in_sibling_objects_is_not_a_duplicate()
    {
        var body = """{"object":"page","entry":[{"id":"1","messaging":[]},{"id":"2","messaging":[]}]}""";

        MetaDeliverySplitter.Split(Encoding.UTF8.GetBytes(body)).Select(s => s.AccountId).Should().BeEquivalentTo(["1", "2"]);
    }
}
