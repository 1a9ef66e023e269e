using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace DaprChannels.Benchmarks;

/// <summary>
/// Cost per Telegram delivery of checking the secret-token header and reading the update.
/// Until the Telegram adapter is in the solution this measures the floor any adapter pays
/// (a constant-time compare and one JSON parse); the adapter's own Verify and Parse go beside it.
/// </summary>
[MemoryDiagnoser]
public class TelegramDeliveryBenchmarks
{
    private readonly byte[] _secret = Encoding.UTF8.GetBytes("0123456789ABCDEF0123456789ABCDEF");
    private readonly byte[] _header = Encoding.UTF8.GetBytes("0123456789ABCDEF0123456789ABCDEF");
    private readonly byte[] _body = Encoding.UTF8.GetBytes(
        """{"update_id":1000001,"message":{"message_id":1000001,"from":{"id":1000001,"is_bot":false,"first_name":"Load"},"chat":{"id":1000001,"type":"private"},"date":1700000000,"text":"load 1000001"}}""");

    [Benchmark(Baseline = true, Description = "floor: constant-time token compare + JSON parse")]
    public string? CompareAndParse()
    {
        if (!CryptographicOperations.FixedTimeEquals(_secret, _header))
        {
            return null;
        }

        using var document = JsonDocument.Parse(_body);
        return document.RootElement.GetProperty("message").GetProperty("text").GetString();
    }
}
