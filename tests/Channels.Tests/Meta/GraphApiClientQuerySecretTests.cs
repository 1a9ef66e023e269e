using DaprChannels.Channels.Tests.WhatsApp;

namespace DaprChannels.Channels.Tests.Meta;

/// <summary>Calls that carry secrets in the query string: sent as documented, never logged, scrubbed from errors.</summary>
public class GraphApiClientQuerySecretTests
{
    [Fact]
    public async Task Secrets_go_in_the_query_without_an_authorization_header_and_the_log_has_the_path_only()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        var graph = harness.Services.GetRequiredService<GraphApiClient>();

        var result = await DebugTokenAsync(graph);

        result.IsOk.Should().BeTrue();
        var call = harness.Simulator.Calls.Single();
        call.Path.Should().Be($"/{WhatsAppHarness.ApiVersion}/debug_token");
        call.AuthorizationPresent.Should().BeFalse();
        harness.Logs.Lines.Should().ContainSingle(l => l.Contains("GET debug_token answered 200"));
        string.Join('\n', harness.Logs.Lines).Should().NotContain(WhatsAppHarness.AccessToken).And.NotContain(WhatsAppHarness.AppSecret);
    }

    [Fact]
    public async Task An_error_that_echoes_a_secret_is_scrubbed_in_the_result_and_the_log()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        var graph = harness.Services.GetRequiredService<GraphApiClient>();
        harness.Simulator.FailNext(GraphApiSimulator.DebugTokenOperation, 1,
            new GraphSimulatedFailure(400, 100, $"Malformed input_token {WhatsAppHarness.AccessToken} for app secret {WhatsAppHarness.AppSecret}"));

        var result = await DebugTokenAsync(graph);

        result.IsOk.Should().BeFalse();
        result.ErrorCode.Should().Be(100);
        result.Message.Should().Be("Malformed input_token *** for app secret ***");
        harness.Logs.Lines.Should().Contain(l => l.Contains("debug_token failed") && l.Contains("Malformed input_token ***"));
        string.Join('\n', harness.Logs.Lines).Should().NotContain(WhatsAppHarness.AccessToken).And.NotContain(WhatsAppHarness.AppSecret);
    }

    [Fact]
    public async Task A_closed_port_is_a_network_error_that_names_no_secret()
    {
        await using var harness = await WhatsAppHarness.StartAsync(baseUrl: new Uri("http://127.0.0.1:9"));
        var graph = harness.Services.GetRequiredService<GraphApiClient>();

        var result = await graph.GetWithQuerySecretsAsync("oauth/access_token", [new("client_secret", WhatsAppHarness.AppSecret)], [WhatsAppHarness.AppSecret], CancellationToken.None);

        result.Outcome.Should().Be(GraphCallOutcome.NetworkError);
        result.Message.Should().NotContain(WhatsAppHarness.AppSecret);
        string.Join('\n', harness.Logs.Lines).Should().NotContain(WhatsAppHarness.AppSecret);
    }

    /// <summary>Meta's token introspection, which takes the token and the app's credentials in the query string.</summary>
    private static Task<GraphCallResult> DebugTokenAsync(GraphApiClient graph) =>
        graph.GetWithQuerySecretsAsync(
            "debug_token",
            [new("input_token", WhatsAppHarness.AccessToken), new("access_token", $"{WhatsAppHarness.AppId}|{WhatsAppHarness.AppSecret}")],
            [WhatsAppHarness.AccessToken, WhatsAppHarness.AppSecret],
            CancellationToken.None);
}
