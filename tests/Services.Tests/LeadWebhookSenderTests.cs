using DaprChannels.IntegrationAdmin.Leads;
using DaprChannels.Integrations.Outbound;
using Microsoft.Extensions.Options;

namespace DaprChannels.Services.Tests;

/// <summary>A lead webhook URL the outbound-URL policy refuses is a refusal, never a retry.</summary>
public sealed class LeadWebhookSenderTests
{
    [Theory]
    [InlineData("http://crm.example.com/leads")]
    [InlineData("https://127.0.0.1:1/leads")]
    [InlineData("https://[::127.0.0.1]:1/leads")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/leads")]
    [InlineData("https://[2002:7f00:1::]:1/leads")]
    [InlineData("https://localhost:1/leads")]
    public async Task Plain_http_and_refused_targets_are_refused_not_retried(string url)
    {
        var resolver = new NoResolver();
        using var services = new ServiceCollection()
            .AddSingleton<IOutboundHostResolver>(resolver)
            .AddSingleton(Options.Create(new OutboundUrlOptions()))
            .AddSingleton(sp => new OutboundUrlPolicy(sp.GetRequiredService<IOptions<OutboundUrlOptions>>(), resolver))
            .AddSingleton<OutboundHttpHandlerFactory>()
            .AddOutboundHttpClient(LeadWebhookSender.HttpClientName).Services
            .BuildServiceProvider();
        var sender = new LeadWebhookSender(services.GetRequiredService<IHttpClientFactory>());

        var (outcome, status) = await sender.PostAsync(new Uri(url), "secret", "d1", [], CancellationToken.None);

        outcome.Should().Be(LeadWebhookOutcome.Refused);
        status.Should().Be(0);
        resolver.Asked.Should().BeEmpty("every one of these is refused from the URL alone");
    }

    private sealed class NoResolver : IOutboundHostResolver
    {
        public List<string> Asked { get; } = [];

        public Task<System.Net.IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Asked.Add(host);
            return Task.FromResult<System.Net.IPAddress[]>([]);
        }
    }
}
