using System.Net;
using DaprChannels.IntegrationAdmin.Leads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DaprChannels.Services.Tests;

/// <summary>A tenant's lead webhook URL must not reach the gateway's own network or follow redirects.</summary>
public sealed class LeadWebhookTargetsTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700::1111", true)]
    public void Only_public_addresses_are_reachable(string address, bool expected) =>
        LeadWebhookTargets.IsPublic(IPAddress.Parse(address)).Should().Be(expected);

    [Fact]
    public async Task A_url_that_resolves_to_loopback_is_refused_before_connecting()
    {
        using var client = new HttpClient(LeadWebhookTargets.Handler(allowPrivateNetworkTargets: false));
        var post = () => client.PostAsync("https://localhost:1/leads", new StringContent("{}"));

        (await post.Should().ThrowAsync<HttpRequestException>()).Which.InnerException.Should().BeOfType<LeadWebhookTargetRefusedException>();
    }

    [Fact]
    public async Task Plain_http_and_refused_targets_are_refused_not_retried()
    {
        using var services = new ServiceCollection().AddHttpClient(LeadWebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => LeadWebhookTargets.Handler(false)).Services.BuildServiceProvider();
        var sender = new LeadWebhookSender(services.GetRequiredService<IHttpClientFactory>(), Options.Create(new LeadWebhookOptions()));

        (await sender.PostAsync(new Uri("http://crm.example.com/leads"), "secret", "d1", [], CancellationToken.None))
            .Outcome.Should().Be(LeadWebhookOutcome.Refused);
        (await sender.PostAsync(new Uri("https://127.0.0.1:1/leads"), "secret", "d1", [], CancellationToken.None))
            .Outcome.Should().Be(LeadWebhookOutcome.Refused);
    }
}
