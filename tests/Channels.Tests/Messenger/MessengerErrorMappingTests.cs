using System.Text;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Messenger;
using DaprChannels.Channels.Meta;
using DaprChannels.Channels.Meta.Messaging;

namespace DaprChannels.Channels.Tests.Messenger;

public class MessengerErrorMappingTests
{
    private static SendResult Map(int status, string error, string? secret = null) =>
        MessengerErrorMapping.ToFailure(GraphApiClient.Interpret(status, Encoding.UTF8.GetBytes("{\"error\":" + error + "}"), null), secretToHide: secret);

    [Theory]
    [InlineData(400, """{"code":613,"message":"(#613) Calls to this api have exceeded the rate limit."}""", "613")]
    [InlineData(400, """{"code":80006,"message":"(#80006) Too many messages"}""", "80006")]
    [InlineData(400, """{"code":4,"message":"(#4) Application request limit reached"}""", "4")]
    public void Throttling_codes_are_transient_even_on_a_400(int status, string error, string code)
    {
        Map(status, error).Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == code);
    }

    [Fact]
    public void Code_10_subcode_2018278_is_permanent_and_says_why()
    {
        var result = Map(400, """{"code":10,"error_subcode":2018278,"message":"(#10) This message is sent outside of allowed window."}""");

        result.Status.Should().Be(SendStatus.Permanent);
        result.ErrorCode.Should().Be(SendErrorCodes.OutsideCustomerServiceWindow);
        result.Reason.Should().Contain("10/2018278");
        result.Reason.Should().StartWith("Outside the 24-hour messaging window");
    }

    [Fact]
    public void Code_10_for_another_reason_is_permanent_with_graphs_message()
    {
        var result = Map(403, """{"code":10,"message":"(#10) Requires pages_messaging permission"}""");

        result.Should().Match<SendResult>(r => r.Status == SendStatus.Permanent && r.ErrorCode == "10" && r.Reason!.Contains("pages_messaging"));
    }

    [Fact]
    public void Invalid_token_is_unauthorized_and_an_echoed_token_is_scrubbed()
    {
        var result = Map(401, """{"code":190,"message":"Invalid OAuth access token EAAsecret"}""", secret: "EAAsecret");

        result.Status.Should().Be(SendStatus.Unauthorized);
        result.Reason.Should().NotContain("EAAsecret").And.Contain("***");
    }

    [Fact]
    public void Throttling_message_echoing_the_token_is_scrubbed_too()
    {
        Map(400, """{"code":613,"message":"limit for EAAsecret"}""", secret: "EAAsecret").Reason.Should().Be("limit for ***");
    }
}
