namespace DaprChannels.BuildingBlocks.Tests.Dapr;

public sealed class DaprSidecarSettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Defaults_to_loopback_ports_50001_and_3500_and_the_default_app_id()
    {
        var settings = DaprSidecarSettings.Resolve(new BuildingBlocksOptions(), Env());

        settings.GrpcEndpoint.Should().Be(new Uri("http://127.0.0.1:50001/"));
        settings.HttpEndpoint.Should().Be(new Uri("http://127.0.0.1:3500/"));
        settings.SecretCacheTtl.Should().Be(TimeSpan.FromSeconds(30));
        settings.AppId.Should().Be("daprchannels");
        settings.ApiToken.Should().BeNull();
        settings.AppApiToken.Should().BeNull();
        settings.PubSubName.Should().Be(ComponentNames.PubSub);
    }

    [Fact]
    public void Uses_the_ports_dapr_run_chose()
    {
        var settings = DaprSidecarSettings.Resolve(new BuildingBlocksOptions(),
            Env(("DAPR_HTTP_PORT", "41234"), ("DAPR_GRPC_PORT", "41235"), ("APP_ID", "ingress")));

        settings.HttpEndpoint.Should().Be(new Uri("http://127.0.0.1:41234/"));
        settings.GrpcEndpoint.Should().Be(new Uri("http://127.0.0.1:41235/"));
        settings.AppId.Should().Be("ingress");
    }

    [Fact]
    public void Endpoint_variable_wins_over_the_port_and_configuration_wins_over_both()
    {
        var env = Env(("DAPR_HTTP_PORT", "41234"), ("DAPR_HTTP_ENDPOINT", "http://sidecar.local:3600"));

        DaprSidecarSettings.Resolve(new BuildingBlocksOptions(), env).HttpEndpoint.Should().Be(new Uri("http://sidecar.local:3600/"));
        DaprSidecarSettings.Resolve(new BuildingBlocksOptions { Dapr = { HttpEndpoint = "http://127.0.0.1:9999" } }, env)
            .HttpEndpoint.Should().Be(new Uri("http://127.0.0.1:9999/"));
    }

    [Fact]
    public void Grpc_endpoint_variable_wins_over_the_grpc_port_and_configuration_wins_over_both()
    {
        var env = Env(("DAPR_GRPC_PORT", "41235"), ("DAPR_GRPC_ENDPOINT", "https://dapr-grpc.example.com:443"));

        var fromEnv = DaprSidecarSettings.Resolve(new BuildingBlocksOptions(), env);
        var configured = DaprSidecarSettings.Resolve(new BuildingBlocksOptions { Dapr = { GrpcEndpoint = "http://127.0.0.1:50009" } }, env);

        fromEnv.GrpcEndpoint.Should().Be(new Uri("https://dapr-grpc.example.com:443/"));
        fromEnv.HttpEndpoint.Should().Be(new Uri("http://127.0.0.1:3500/"), "the HTTP side is resolved on its own");
        configured.GrpcEndpoint.Should().Be(new Uri("http://127.0.0.1:50009/"));
    }

    [Fact]
    public void The_secret_cache_ttl_is_configurable_and_never_negative()
    {
        DaprSidecarSettings.Resolve(new BuildingBlocksOptions { Dapr = { SecretCacheTtl = TimeSpan.FromSeconds(5) } }, Env())
            .SecretCacheTtl.Should().Be(TimeSpan.FromSeconds(5));
        DaprSidecarSettings.Resolve(new BuildingBlocksOptions { Dapr = { SecretCacheTtl = TimeSpan.FromSeconds(-1) } }, Env())
            .SecretCacheTtl.Should().Be(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("DAPR_GRPC_PORT")]
    [InlineData("DAPR_GRPC_ENDPOINT")]
    [InlineData("DAPR_HTTP_PORT")]
    [InlineData("DAPR_HTTP_ENDPOINT")]
    public void Auto_mode_is_dapr_when_any_sidecar_variable_is_set(string variable)
    {
        new BuildingBlocksOptions().Resolve(Env((variable, "50001"))).Should().Be(BuildingBlocksMode.Dapr);
        new BuildingBlocksOptions().Resolve(Env()).Should().Be(BuildingBlocksMode.Embedded);
        new BuildingBlocksOptions { Mode = BuildingBlocksMode.Embedded }.Resolve(Env((variable, "50001"))).Should().Be(BuildingBlocksMode.Embedded);
    }

    [Fact]
    public void Tokens_come_from_configuration_else_the_environment()
    {
        var env = Env(("DAPR_API_TOKEN", "env-api"), ("APP_API_TOKEN", "env-app"));

        var fromEnv = DaprSidecarSettings.Resolve(new BuildingBlocksOptions(), env);
        var configured = DaprSidecarSettings.Resolve(
            new BuildingBlocksOptions { AppId = "dispatcher", Dapr = { ApiToken = "cfg-api", AppApiToken = "cfg-app" } }, env);

        (fromEnv.ApiToken, fromEnv.AppApiToken).Should().Be(("env-api", "env-app"));
        (configured.ApiToken, configured.AppApiToken, configured.AppId).Should().Be(("cfg-api", "cfg-app", "dispatcher"));
    }

    [Fact]
    public void Printing_the_settings_never_shows_a_token()
    {
        var settings = DaprSidecarSettings.Resolve(
            new BuildingBlocksOptions { Dapr = { ApiToken = "api-token-value", AppApiToken = "app-token-value", HttpEndpoint = "http://user:pw@127.0.0.1:3500/?x=1", GrpcEndpoint = "http://user:pw@127.0.0.1:50001/?x=1" } },
            Env());

        settings.ToString().Should().NotContain("api-token-value").And.NotContain("app-token-value").And.NotContain("pw");
        settings.DisplayEndpoint.Should().Be("http://127.0.0.1:3500/");
        settings.DisplayGrpcEndpoint.Should().Be("http://127.0.0.1:50001/");
    }

    [Fact]
    public void A_malformed_endpoint_is_refused()
    {
        var http = () => DaprSidecarSettings.Resolve(new BuildingBlocksOptions(), Env(("DAPR_HTTP_ENDPOINT", "not a url")));
        var grpc = () => DaprSidecarSettings.Resolve(new BuildingBlocksOptions(), Env(("DAPR_GRPC_ENDPOINT", "unix:///tmp/dapr.sock")));

        http.Should().Throw<InvalidOperationException>();
        grpc.Should().Throw<InvalidOperationException>().WithMessage("*DAPR_GRPC_ENDPOINT*");
    }
}
