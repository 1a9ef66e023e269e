using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DaprChannels.Channels.Meta;
using DaprChannels.Channels.WhatsApp;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Benchmarks;

/// <summary>
/// What one signed WhatsApp Cloud API delivery costs in the channel adapter: Ingress checks
/// X-Hub-Signature-256 over the raw bytes, the Normalizer parses every entry and change. A single
/// text message and a batch of ten (two entries: eight messages, two statuses) are measured, plus
/// the app-level route's split of a batch by phone number id. The floor is one HMAC-SHA256 and one
/// JSON parse of the same bytes.
/// </summary>
[MemoryDiagnoser]
public class WhatsAppDeliveryBenchmarks
{
    private const string PhoneNumberId = "106540352242922";
    private const string AppSecret = "4f1c2d3e5a6b7c8d9e0f1a2b3c4d5e6f";

    private static readonly byte[] Single = Encoding.UTF8.GetBytes(Envelope(Messages(1, 0)));

    private static readonly byte[] Batch = Encoding.UTF8.GetBytes(
        $$"""{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{{Change(Messages(4, 0) + "," + Statuses(1))}}]},{"id":"102290129340398","changes":[{{Change(Messages(4, 4) + "," + Statuses(1))}}]}]}""");

    private readonly byte[] _secretBytes = Encoding.UTF8.GetBytes(AppSecret);
    private BenchmarkChannel _channel = null!;
    private IInboundChannel _adapter = null!;
    private ChannelIntegration _integration = null!;
    private WebhookRequest _singleRequest = null!;
    private WebhookRequest _batchRequest = null!;
    private RawDelivery _singleDelivery = null!;
    private RawDelivery _batchDelivery = null!;
    private string _singleSignature = null!;

    [GlobalSetup]
    public void Setup()
    {
        _channel = new BenchmarkChannel(Platforms.WhatsApp, new Dictionary<string, string> { [WhatsAppCredentials.PhoneNumberId] = PhoneNumberId }, new Dictionary<string, string>
        {
            [WhatsAppCredentials.AccessToken] = "EAAbenchmarktoken",
            [WhatsAppCredentials.AppSecret] = AppSecret,
            [WhatsAppCredentials.VerifyToken] = "bench-verify",
        });
        (_adapter, _integration) = (_channel.Adapter, _channel.Integration);
        _singleSignature = MetaSignatureVerifier.SignatureHeaderValue(AppSecret, Single);
        _singleRequest = Request(Single);
        _batchRequest = Request(Batch);
        _singleDelivery = _channel.Delivery(Single);
        _batchDelivery = _channel.Delivery(Batch);

        if (!_adapter.Verify(_singleRequest, _integration).IsValid || !_adapter.Verify(_batchRequest, _integration).IsValid
            || _adapter.Parse(_singleDelivery, _integration).Messages.Count != 1
            || _adapter.Parse(_batchDelivery, _integration) is not { Messages.Count: 8, Statuses.Count: 2 }
            || MetaDeliverySplitter.Split(Batch).Count != 1)
        {
            throw new InvalidOperationException("The sample deliveries do not verify and parse as expected; the benchmark would measure a failure path.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _channel.Dispose();

    [Benchmark(Baseline = true, Description = "floor: HMAC-SHA256 + JSON parse (1 message)")]
    public string? HashAndParse()
    {
        var expected = Convert.FromHexString(_singleSignature.AsSpan(7));
        if (!CryptographicOperations.FixedTimeEquals(expected, HMACSHA256.HashData(_secretBytes, Single)))
        {
            return null;
        }

        using var document = JsonDocument.Parse(Single);
        return document.RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value")
            .GetProperty("messages")[0].GetProperty("text").GetProperty("body").GetString();
    }

    [Benchmark(Description = "Ingress: Verify (1 message)")]
    public bool Verify() => _adapter.Verify(_singleRequest, _integration).IsValid;

    [Benchmark(Description = "Normalizer: Parse (1 message)")]
    public ParsedDelivery Parse() => _adapter.Parse(_singleDelivery, _integration);

    [Benchmark(Description = "per delivery: Verify + Parse (1 message)")]
    public ParsedDelivery? VerifyAndParse() =>
        _adapter.Verify(_singleRequest, _integration).IsValid ? _adapter.Parse(_singleDelivery, _integration) : null;

    [Benchmark(Description = "per delivery: Verify + Parse (batch: 8 messages, 2 statuses)")]
    public ParsedDelivery? VerifyAndParseBatch() =>
        _adapter.Verify(_batchRequest, _integration).IsValid ? _adapter.Parse(_batchDelivery, _integration) : null;

    [Benchmark(Description = "/webhooks/meta: Split batch by phone number id")]
    public int SplitBatch() => MetaDeliverySplitter.Split(Batch).Count;

    private WebhookRequest Request(byte[] body) =>
        _channel.Request(body, MetaSignatureVerifier.SignatureHeader, MetaSignatureVerifier.SignatureHeaderValue(AppSecret, body));

    private static string Envelope(string values) =>
        $$"""{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{{Change(values)}}]}]}""";

    private static string Change(string messagesAndStatuses) =>
        $$"""{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"{{PhoneNumberId}}"},{{messagesAndStatuses}}},"field":"messages"}""";

    private static string Messages(int count, int first) =>
        "\"contacts\":[" + string.Join(",", Enumerable.Range(first, count).Select(i => $$"""{"profile":{"name":"Sheena Nelson"},"wa_id":"1650555{{i:D4}}"}""")) + "]," +
        "\"messages\":[" + string.Join(",", Enumerable.Range(first, count).Select(i =>
            $$$"""{"from":"1650555{{{i:D4}}}","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA{{{i}}}","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}""")) + "]";

    private static string Statuses(int count) =>
        "\"statuses\":[" + string.Join(",", Enumerable.Range(0, count).Select(i =>
            $$"""{"id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3OTA3RDc2NjRGNzVBQzY5QjgA{{i}}","status":"delivered","timestamp":"1750263773","recipient_id":"16505551234"}""")) + "]";
}
