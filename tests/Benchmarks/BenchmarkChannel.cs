using DaprChannels.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.Benchmarks;

/// <summary>
/// One platform's adapter as AddChannels builds it, an integration of it, and the webhook requests and
/// deliveries a benchmark feeds it: the setup every delivery benchmark shares.
/// </summary>
internal sealed class BenchmarkChannel : IDisposable
{
    private const string IntegrationId = "int_bench";
    private const string TenantId = "tenant_bench";

    private readonly ServiceProvider _services;
    private readonly string _platform;

    public BenchmarkChannel(string platform, IReadOnlyDictionary<string, string> config, IReadOnlyDictionary<string, string> credentials)
    {
        _platform = platform;
        _services = new ServiceCollection().AddChannels(new ConfigurationBuilder().Build()).BuildServiceProvider();
        Adapter = _services.GetRequiredService<ChannelRegistry>().Get<IInboundChannel>(platform);
        Integration = new ChannelIntegration(IntegrationId, TenantId, platform, config, credentials);
    }

    public IInboundChannel Adapter { get; }

    public ChannelIntegration Integration { get; }

    /// <summary>The platform's POST of <paramref name="body"/> to the gateway, with the header that proves it is the platform's.</summary>
    public WebhookRequest Request(byte[] body, string proofHeader, string proof) => new(
        "POST",
        new Uri($"https://gateway.example/webhooks/{_platform}/{IntegrationId}"),
        new Dictionary<string, string>(),
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json", [proofHeader] = proof },
        body);

    /// <summary>The delivery Ingress hands the Normalizer once <paramref name="body"/> is verified.</summary>
    public RawDelivery Delivery(byte[] body) => new(
        "raw_bench", DateTimeOffset.UnixEpoch, TenantId, IntegrationId, _platform, "application/json", body,
        new Dictionary<string, string> { ["content-type"] = "application/json" });

    public void Dispose() => _services.Dispose();
}
