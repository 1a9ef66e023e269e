using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DaprChannels.Channels.Telegram;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Benchmarks;

/// <summary>
/// What one Telegram delivery costs in the channel adapter: Ingress verifies it and reads its
/// update id, the Normalizer parses it. The floor (a constant-time compare and one JSON parse)
/// is the baseline the adapter's own work is compared with.
/// </summary>
[MemoryDiagnoser]
public class TelegramDeliveryBenchmarks
{
    private const string Secret = "0123456789ABCDEF0123456789ABCDEF";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"update_id":1000001,"message":{"message_id":1000001,"from":{"id":1000001,"is_bot":false,"first_name":"Load","language_code":"en"},"chat":{"id":1000001,"first_name":"Load","type":"private"},"date":1700000000,"text":"load 1000001"}}""");

    private readonly byte[] _secretBytes = Encoding.UTF8.GetBytes(Secret);
    private BenchmarkChannel _channel = null!;
    private IInboundChannel _adapter = null!;
    private ChannelIntegration _integration = null!;
    private WebhookRequest _request = null!;
    private RawDelivery _delivery = null!;

    [GlobalSetup]
    public void Setup()
    {
        _channel = new BenchmarkChannel(Platforms.Telegram, new Dictionary<string, string>(), new Dictionary<string, string>
        {
            [TelegramCredentials.BotToken] = "123456:ABCdefGhIJKlmNoPQRstUVwxyZ",
            [TelegramCredentials.SecretToken] = Secret,
        });
        (_adapter, _integration) = (_channel.Adapter, _channel.Integration);
        _request = _channel.Request(Body, TelegramWebhookVerifier.SecretTokenHeader, Secret);
        _delivery = _channel.Delivery(Body);

        if (!_adapter.Verify(_request, _integration).IsValid || _adapter.Parse(_delivery, _integration) is null)
        {
            throw new InvalidOperationException("The sample delivery does not verify and parse; the benchmark would measure a failure path.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _channel.Dispose();

    [Benchmark(Baseline = true, Description = "floor: constant-time compare + JSON parse")]
    public string? CompareAndParse()
    {
        if (!CryptographicOperations.FixedTimeEquals(_secretBytes, Encoding.UTF8.GetBytes(Secret)))
        {
            return null;
        }

        using var document = JsonDocument.Parse(Body);
        return document.RootElement.GetProperty("message").GetProperty("text").GetString();
    }

    [Benchmark(Description = "Ingress: Verify + DeliveryId")]
    public string? VerifyAndReadId() =>
        _adapter.Verify(_request, _integration).IsValid ? _adapter.DeliveryId(_request) : null;

    [Benchmark(Description = "Normalizer: Parse")]
    public ParsedDelivery Parse() => _adapter.Parse(_delivery, _integration);

    [Benchmark(Description = "per delivery: Verify + DeliveryId + Parse")]
    public ParsedDelivery? VerifyAndParse() =>
        _adapter.Verify(_request, _integration).IsValid && _adapter.DeliveryId(_request) is not null
            ? _adapter.Parse(_delivery, _integration)
            : null;
}
