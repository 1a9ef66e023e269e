namespace DaprChannels.Integrations.Tests.Outbound;

/// <summary>The URL rules, the operator's allowances and what no allowance lifts. Nothing here opens a connection.</summary>
public sealed class OutboundUrlPolicyTests
{
    private readonly StubHostResolver _resolver = new();

    [Theory]
    [InlineData("https://127.0.0.1/")]
    [InlineData("https://0x7f000001/")]
    [InlineData("https://2130706433/")]
    [InlineData("https://0177.0.0.1/")]
    [InlineData("https://127.1/")]
    [InlineData("https://localhost/")]
    [InlineData("https://LOCALHOST./")]
    [InlineData("https://bot.localhost/")]
    [InlineData("https://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("https://[::1]/")]
    [InlineData("https://[::127.0.0.1]/")]
    [InlineData("https://[::ffff:127.0.0.1]/")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/")]
    [InlineData("https://[64:ff9b::7f00:1]/")]
    [InlineData("https://[2002:7f00:1::]/")]
    [InlineData("https://[2002:a9fe:a9fe::]/")]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/")]
    [InlineData("https://[fe80::1]/")]
    [InlineData("https://[fe80::1%25eth0]/")]
    [InlineData("https://[fc00::1]/")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://100.64.0.1/")]
    [InlineData("https://10.0.0.1/")]
    [InlineData("https://192.168.1.1/")]
    [InlineData("https://0.0.0.0/")]
    [InlineData("https://224.0.0.1/")]
    public async Task Inside_addresses_in_every_spelling_are_refused_without_resolving_anything(string url)
    {
        var policy = Policy();

        (await policy.CheckAsync(new Uri(url), CancellationToken.None)).Should().NotBeNull();
        policy.CheckUrl(new Uri(url)).Should().NotBeNull();
        _resolver.Asked.Should().BeEmpty();
    }

    [Theory]
    [InlineData("https://93.184.216.34/bot")]
    [InlineData("https://[2606:4700::1]/bot")]
    [InlineData("https://[::ffff:93.184.216.34]/bot")]
    [InlineData("https://93.184.216.34:8443/bot")]
    public async Task Public_addresses_over_https_are_accepted(string url) =>
        (await Policy().CheckAsync(new Uri(url), CancellationToken.None)).Should().BeNull();

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://93.184.216.34/bot")]
    [InlineData("gopher://93.184.216.34/bot")]
    [InlineData("http://93.184.216.34/bot")]
    [InlineData("http://bot.example.com/bot")]
    public void Only_https_is_accepted(string url) =>
        Policy().CheckUrl(new Uri(url)).Should().Contain("https");

    [Fact]
    public void Https_to_a_public_address_passes_the_url_check() =>
        Policy().CheckUrl(new Uri("https://bot.example.com/bot")).Should().BeNull();

    [Fact]
    public void User_info_in_the_url_is_refused() =>
        Policy().CheckUrl(new Uri("https://user:secret@93.184.216.34/bot")).Should().Contain("user name or password");

    [Fact]
    public void Http_is_allowed_only_to_an_allowed_private_host_and_only_when_the_operator_says_so()
    {
        var allowed = new OutboundUrlOptions
        {
            AllowedPrivateHosts = ["bot.internal.test", "*.svc.cluster.local"],
            AllowedPrivateNetworks = ["10.20.0.0/16"],
            AllowHttpForAllowedPrivate = true,
        };
        var policy = Policy(allowed);

        policy.CheckUrl(new Uri("http://bot.internal.test:8080/bot")).Should().BeNull();
        policy.CheckUrl(new Uri("http://answers.bots.svc.cluster.local/bot")).Should().BeNull();
        policy.CheckUrl(new Uri("http://10.20.1.5:8080/bot")).Should().BeNull();
        policy.CheckUrl(new Uri("http://10.21.1.5:8080/bot")).Should().NotBeNull("outside the allowed range");
        policy.CheckUrl(new Uri("http://bot.example.com/bot")).Should().NotBeNull("not an allowed private host");
        policy.CheckUrl(new Uri("http://93.184.216.34/bot")).Should().NotBeNull("a public address needs https");
        policy.CheckUrl(new Uri("http://svc.cluster.local/bot")).Should().NotBeNull("*.suffix matches subdomains only");

        var httpsOnly = Policy(new OutboundUrlOptions { AllowedPrivateHosts = ["bot.internal.test"], AllowedPrivateNetworks = ["10.20.0.0/16"] });
        httpsOnly.CheckUrl(new Uri("http://bot.internal.test/bot")).Should().NotBeNull();
        httpsOnly.CheckUrl(new Uri("https://bot.internal.test/bot")).Should().BeNull();
        httpsOnly.CheckUrl(new Uri("https://10.20.1.5/bot")).Should().BeNull();
    }

    [Theory]
    [InlineData("https://10.20.1.5/bot", null)]
    [InlineData("https://[fd12:3456::5]/bot", null)]
    [InlineData("https://[::ffff:10.20.1.5]/bot", null)]
    [InlineData("https://10.20.1.5:3500/v1.0/state/statestore", "Port 3500")]
    [InlineData("https://10.20.1.5:3501/", "Port 3501")]
    [InlineData("https://10.20.1.5:50001/", "Port 50001")]
    [InlineData("https://10.20.1.5:50002/", "Port 50002")]
    [InlineData("https://10.20.1.5:9090/metrics", "Port 9090")]
    [InlineData("https://10.20.1.5:3600/", "Port 3600")]
    [InlineData("https://10.20.1.5:7000/", "Port 7000")]
    [InlineData("https://127.0.0.1/", "loopback")]
    [InlineData("https://[::1]/", "loopback")]
    [InlineData("https://[::ffff:127.0.0.1]/", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "metadata")]
    [InlineData("https://169.254.10.10/", "link-local")]
    [InlineData("https://[fd00:ec2::254]/latest/meta-data/", "metadata")]
    [InlineData("https://100.100.100.200/", "metadata")]
    [InlineData("https://[fe80::1]/", "link-local")]
    [InlineData("https://0.0.0.0/", "unspecified")]
    public void An_allowed_range_lets_its_private_addresses_in_but_never_loopback_metadata_or_sidecar_ports(string url, string? refusal)
    {
        var policy = Policy(
            new OutboundUrlOptions
            {
                AllowedPrivateNetworks = ["10.20.0.0/16", "fc00::/7", "0.0.0.0/0", "::/0"],
                DeniedPorts = [7000],
            },
            new Dictionary<string, string?> { ["DAPR_HTTP_PORT"] = "3600" });

        var reason = policy.CheckUrl(new Uri(url));

        if (refusal is null)
        {
            reason.Should().BeNull();
        }
        else
        {
            reason.Should().NotBeNull().And.Contain(refusal);
        }
    }

    [Fact]
    public void The_sidecar_ports_are_the_defaults_and_those_the_environment_names()
    {
        var ports = OutboundUrlPolicy.DeniedPorts(
            new OutboundUrlOptions { DeniedPorts = [8500] },
            new Dictionary<string, string?> { ["DAPR_HTTP_PORT"] = "3600", ["DAPR_GRPC_PORT"] = "50009" }.GetValueOrDefault);

        ports.Should().BeEquivalentTo([3500, 3501, 50001, 50002, 9090, 3600, 50009, 8500]);
    }

    [Fact]
    public async Task A_name_is_judged_by_every_address_it_resolves_to_when_saved()
    {
        _resolver.Answer("bot.example.com", ["93.184.216.34", "2606:4700::1"])
            .Answer("inside.example.com", ["127.0.0.1"])
            .Answer("mixed.example.com", ["93.184.216.34", "10.0.0.7"])
            .Answer("nat64.example.com", ["64:ff9b::a9fe:a9fe"]);
        var policy = Policy();

        (await policy.CheckAsync(new Uri("https://bot.example.com/bot"), CancellationToken.None)).Should().BeNull();
        (await policy.CheckAsync(new Uri("https://inside.example.com/bot"), CancellationToken.None)).Should().Contain("127.0.0.1").And.Contain("loopback");
        (await policy.CheckAsync(new Uri("https://mixed.example.com/bot"), CancellationToken.None)).Should().Contain("10.0.0.7");
        (await policy.CheckAsync(new Uri("https://nat64.example.com/bot"), CancellationToken.None)).Should().Contain("169.254.169.254");
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_yet_may_be_saved_and_is_judged_when_called()
    {
        var policy = Policy();

        (await policy.CheckAsync(new Uri("https://not-yet.example.com/bot"), CancellationToken.None)).Should().BeNull();

        _resolver.Answer("not-yet.example.com", ["10.0.0.7"]);
        var connect = () => policy.ResolveForConnectAsync(new Uri("https://not-yet.example.com/bot"), "not-yet.example.com", 443, CancellationToken.None);
        (await connect.Should().ThrowAsync<OutboundRefusedException>()).Which.Message.Should().Contain("10.0.0.7");
    }

    [Fact]
    public async Task An_allowed_private_host_may_resolve_to_private_addresses_but_not_to_loopback_or_metadata()
    {
        _resolver.Answer("bot.svc.cluster.local", ["10.96.12.4"])
            .Answer("evil.svc.cluster.local", ["127.0.0.1"])
            .Answer("meta.svc.cluster.local", ["169.254.169.254"]);
        var policy = Policy(new OutboundUrlOptions { AllowedPrivateHosts = ["*.svc.cluster.local"] });

        (await policy.CheckAsync(new Uri("https://bot.svc.cluster.local/bot"), CancellationToken.None)).Should().BeNull();
        (await policy.CheckAsync(new Uri("https://evil.svc.cluster.local/bot"), CancellationToken.None)).Should().Contain("loopback");
        (await policy.CheckAsync(new Uri("https://meta.svc.cluster.local/bot"), CancellationToken.None)).Should().Contain("metadata");
    }

    [Fact]
    public async Task When_connecting_a_name_answering_with_a_public_and_an_inside_address_is_refused_outright()
    {
        _resolver.Answer("rebind.example.com", ["93.184.216.34", "127.0.0.1"]);

        var connect = () => Policy().ResolveForConnectAsync(new Uri("https://rebind.example.com/bot"), "rebind.example.com", 443, CancellationToken.None);

        (await connect.Should().ThrowAsync<OutboundRefusedException>()).Which.Message.Should().Contain("127.0.0.1");
    }

    [Fact]
    public void The_test_only_loopback_switch_lets_loopback_in_over_http_and_nothing_else()
    {
        var policy = Policy(new OutboundUrlOptions { AllowLoopbackForTesting = true });

        policy.CheckUrl(new Uri("http://127.0.0.1:8080/bot")).Should().BeNull();
        policy.CheckUrl(new Uri("http://localhost:8080/bot")).Should().BeNull();
        policy.CheckUrl(new Uri("https://[::1]:8080/bot")).Should().BeNull();
        policy.CheckUrl(new Uri("http://127.0.0.1:3500/v1.0/metadata")).Should().Contain("Port 3500");
        policy.CheckUrl(new Uri("http://10.0.0.1/bot")).Should().NotBeNull();
        policy.CheckUrl(new Uri("https://169.254.169.254/")).Should().NotBeNull();
        policy.CheckUrl(new Uri("https://metadata.google.internal/")).Should().NotBeNull();
    }

    [Theory]
    [InlineData(null, "not configured")]
    [InlineData(" ", "not configured")]
    [InlineData("bot/endpoint", "not an absolute URL")]
    public void A_missing_or_relative_url_is_a_refusal(string? value, string reason)
    {
        var parse = () => OutboundUrlPolicy.RequireAbsoluteUrl(value, "The bot endpoint");

        parse.Should().Throw<OutboundRefusedException>().WithMessage($"*{reason}*");
    }

    private OutboundUrlPolicy Policy(OutboundUrlOptions? options = null, Dictionary<string, string?>? environment = null) =>
        new(options ?? new OutboundUrlOptions(), _resolver, (environment ?? new Dictionary<string, string?>()).GetValueOrDefault);
}
