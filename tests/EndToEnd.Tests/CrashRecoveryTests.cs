using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace DaprChannels.EndToEnd.Tests;

public sealed partial class CrashRecoveryTests(ITestOutputHelper output)
{
    private const string BotToken = "7098765432:AAH-crashTestToken_abcdefghijklmnop";
    private const string SecretToken = "crash_Secret-0123456789";
    private const int Updates = 300;

    /// <summary>
    /// SIGKILL while webhooks are arriving and being answered, then start again on the same data:
    /// every update that got a 2xx is answered. The only repeat allowed is a reply whose send the
    /// platform had already accepted when the process died, before the send could be recorded.
    /// </summary>
    [Fact]
    public async Task Every_acknowledged_update_is_answered_after_a_kill_and_restart()
    {
        await using var gateway = await GatewayProcess.StartAsync();
        var integrationId = await gateway.ConnectTelegramAsync(BotToken, SecretToken);

        var acknowledged = new ConcurrentBag<int>();
        var refused = new ConcurrentBag<int>();
        var next = 0;
        var senders = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var n && n <= Updates)
            {
                try
                {
                    using var response = await gateway.Client.SendAsync(gateway.Update(integrationId, SecretToken, 10_000 + n, 900_000 + n, $"load {n}"));
                    (response.StatusCode == HttpStatusCode.OK ? acknowledged : refused).Add(n);
                }
                catch (HttpRequestException)
                {
                    refused.Add(n);
                }
                catch (TaskCanceledException)
                {
                    refused.Add(n);
                }
            }
        })).ToList();

        // Kill mid-stream: once webhooks are being acknowledged and replies are already going out.
        var waitUntil = DateTime.UtcNow.AddSeconds(60);
        while ((acknowledged.Count < Updates / 3 || gateway.Telegram.CallsTo("sendMessage").Count < 5) && DateTime.UtcNow < waitUntil)
        {
            await Task.Delay(5);
        }

        await gateway.Process.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await Task.WhenAll(senders);
        var repliedBeforeKill = gateway.Telegram.CallsTo("sendMessage").Count;

        await gateway.Process.StartAsync();

        // Telegram keeps retrying what was not acknowledged; do the same for the refused ones.
        foreach (var n in refused)
        {
            using var retry = await gateway.Client.SendAsync(gateway.Update(integrationId, SecretToken, 10_000 + n, 900_000 + n, $"load {n}"));
            retry.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var expected = acknowledged.Concat(refused).Distinct().Count();
        expected.Should().Be(Updates);
        await WaitForDistinctRepliesAsync(gateway, expected, TimeSpan.FromSeconds(90));

        var replies = gateway.Telegram.CallsTo("sendMessage").Where(c => c.StatusCode == 200)
            .Select(c => (Number: int.Parse(ReplyNumber().Match(c.Field("text") ?? "").Groups[1].Value), c.ReceivedAt))
            .ToList();
        replies.Select(r => r.Number).Distinct().Should().HaveCount(Updates, "every update is answered");
        foreach (var repeated in replies.GroupBy(r => r.Number).Where(g => g.Count() > 1))
        {
            repeated.Min(r => r.ReceivedAt).Should().BeBefore(killedAt,
                $"update {repeated.Key} may only be answered twice if its first reply was sent before the kill");
            repeated.Should().HaveCount(2);
        }

        repliedBeforeKill.Should().BeGreaterThan(0, "the kill happened while replies were being sent");
        output.WriteLine($"acknowledged {acknowledged.Count}, refused {refused.Count}, replies before the kill {repliedBeforeKill}, " +
                         $"replies {replies.Count}, repeated {replies.Count - Updates}");
    }

    private static async Task WaitForDistinctRepliesAsync(GatewayProcess gateway, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var distinct = gateway.Telegram.CallsTo("sendMessage").Where(c => c.StatusCode == 200).Select(c => c.Field("text")).Distinct().Count();
            if (distinct >= count)
            {
                return;
            }

            await Task.Delay(200);
        }

        var seen = gateway.Telegram.CallsTo("sendMessage").Select(c => c.Field("text")).Distinct().Count();
        throw new TimeoutException($"Expected replies to {count} updates, saw {seen}.\n{gateway.Process.Output}");
    }

    [GeneratedRegex(@"^You said: load (\d+)$")]
    private static partial Regex ReplyNumber();
}
