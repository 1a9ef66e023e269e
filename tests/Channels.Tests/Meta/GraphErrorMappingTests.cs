namespace DaprChannels.Channels.Tests.Meta;

public class GraphErrorMappingTests
{
    private static GraphCallResult Error(int status, int? code, string message = "boom", TimeSpan? retryAfter = null)
    {
        var body = code is null ? "<html>Bad gateway</html>" : $$$"""{"error":{"message":"{{{message}}}","type":"OAuthException","code":{{{code}}},"error_subcode":2494010,"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}""";
        return GraphApiClient.Interpret(status, Encoding.UTF8.GetBytes(body), retryAfter);
    }

    [Fact]
    public void Documented_error_shape_is_read()
    {
        var result = Error(400, 131047, "(#131047) Re-engagement message");

        result.IsOk.Should().BeFalse();
        result.ErrorCode.Should().Be(131047);
        result.ErrorSubcode.Should().Be(2494010);
        result.ErrorType.Should().Be("OAuthException");
        result.FbTraceId.Should().Be("Az8or2yhqkZfEZ-_4Qn_Bam");
        result.Message.Should().Be("(#131047) Re-engagement message");
    }

    [Theory]
    [InlineData(429, 4)]
    [InlineData(400, 130429)]
    [InlineData(400, 131056)]
    [InlineData(400, 4)]
    [InlineData(400, 80007)]
    [InlineData(429, 1)]
    public void Rate_limits_are_transient_with_retry_after(int status, int code)
    {
        var failure = GraphErrorMapping.ToFailure(Error(status, code, retryAfter: TimeSpan.FromSeconds(30)));

        failure.Status.Should().Be(SendStatus.Transient);
        failure.ErrorCode.Should().Be(code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        failure.RetryAfter.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(401, 190)]
    [InlineData(400, 190)]
    [InlineData(401, 0)]
    public void Refused_token_is_unauthorized(int status, int code)
    {
        GraphErrorMapping.ToFailure(Error(status, code)).Status.Should().Be(SendStatus.Unauthorized);
    }

    [Fact]
    public void Outside_the_window_is_permanent_with_a_clear_reason()
    {
        var failure = GraphErrorMapping.ToFailure(Error(400, 131047));

        failure.Status.Should().Be(SendStatus.Permanent);
        failure.ErrorCode.Should().Be(SendErrorCodes.OutsideCustomerServiceWindow);
        failure.Reason.Should().Contain("24-hour").And.Contain("template");
    }

    [Theory]
    [InlineData(400, 100)]
    [InlineData(400, 131026)]
    [InlineData(403, 10)]
    [InlineData(404, 803)]
    public void Other_client_errors_are_permanent_with_the_code(int status, int code)
    {
        var failure = GraphErrorMapping.ToFailure(Error(status, code));

        failure.Status.Should().Be(SendStatus.Permanent);
        failure.ErrorCode.Should().Be(code.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(500, 1)]
    [InlineData(503, 2)]
    [InlineData(502, null)]
    public void Server_errors_are_transient(int status, int? code)
    {
        GraphErrorMapping.ToFailure(Error(status, code)).Status.Should().Be(SendStatus.Transient);
    }

    [Fact]
    public void Timeouts_and_network_errors_are_transient()
    {
        GraphErrorMapping.ToFailure(new GraphCallResult(GraphCallOutcome.Timeout, 0)).Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "timeout");
        GraphErrorMapping.ToFailure(new GraphCallResult(GraphCallOutcome.NetworkError, 0)).Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "network");
    }

    [Fact]
    public void A_token_echoed_in_an_error_message_is_scrubbed()
    {
        var failure = GraphErrorMapping.ToFailure(Error(400, 100, "Invalid parameter near EAAsecret123"), secretToHide: "EAAsecret123");

        failure.Reason.Should().NotContain("EAAsecret123").And.Contain("***");
    }
}
