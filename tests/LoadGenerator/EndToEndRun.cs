namespace DaprChannels.LoadGenerator;

/// <summary>What the end-to-end run saw: acceptance and reply throughput, and reply correctness.</summary>
public sealed record EndToEndResult(
    int Messages,
    double AcceptSeconds,
    double ReplySeconds,
    long Rejected,
    long Retries,
    long RepliesReceived,
    int Missing,
    int Duplicated,
    bool Drained,
    CpuSplit Cpu)
{
    public double AcceptedPerSecond => AcceptSeconds > 0 ? Messages / AcceptSeconds : 0;

    /// <summary>Messages per second from the first webhook sent to the last reply received.</summary>
    public double EndToEndPerSecond => Drained && ReplySeconds > 0 ? Messages / ReplySeconds : 0;

    public bool Correct => Drained && Missing == 0 && Duplicated == 0 && Rejected == 0;
}

/// <summary>
/// Sends N distinct webhooks as fast as the host accepts them (a fixed number of senders, each
/// waiting for its answer) and times until the sink has N replies.
/// </summary>
public static class EndToEndRun
{
    private const int MaxAttempts = 5;

    /// <summary>The status <see cref="PostAsync"/> reports when no HTTP answer came at all.</summary>
    public const int TransportFailure = 0;

    public static async Task<EndToEndResult> RunAsync(
        BenchOptions options,
        GatewayHost host,
        IWebhookSource integration,
        BotCounter replies,
        long firstUpdateId,
        CancellationToken cancellationToken,
        string phase = "end to end")
    {
        var messages = options.EndToEndMessages;
        using var http = TelegramUpdates.Client(host.BaseAddress, options.EndToEndConcurrency);
        var cpu = new CpuWindow(host.ProcessId, () => null);
        var clock = Stopwatch.StartNew();
        var (rejected, retries) = await SendAllAsync(http, integration, firstUpdateId, messages, options.EndToEndConcurrency, cancellationToken);
        var acceptSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  accepted {messages - rejected:N0} of {messages:N0} in {acceptSeconds:F2} s; waiting for replies");

        var expected = messages - rejected;
        var drained = await WaitForRepliesAsync(replies, expected, options.DrainTimeout, cancellationToken);
        var replySeconds = clock.Elapsed.TotalSeconds;
        var split = cpu.Finish(phase, "generator");

        // A short grace period so a late duplicate is still seen.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var (missing, duplicated) = Check(integration, replies, firstUpdateId, messages);
        return new EndToEndResult(messages, acceptSeconds, replySeconds, rejected, retries, replies.Received, missing, duplicated, drained, split);
    }

    /// <summary>
    /// Sends <paramref name="count"/> distinct updates with a fixed number of senders, each waiting
    /// for its answer; a 503 or a broken connection is sent again, as a platform would.
    /// </summary>
    public static async Task<(long Rejected, long Retries)> SendAllAsync(
        HttpClient http, IWebhookSource integration, long firstUpdateId, int count, int concurrency, CancellationToken cancellationToken)
    {
        var next = -1;
        long rejected = 0, retries = 0;

        async Task SenderAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var updateId = firstUpdateId + i;
                for (var attempt = 1; ; attempt++)
                {
                    var status = await PostAsync(http, integration, updateId, cancellationToken);
                    if (status is >= 200 and < 300)
                    {
                        break;
                    }

                    if (attempt >= MaxAttempts || status is not (503 or TransportFailure))
                    {
                        Interlocked.Increment(ref rejected);
                        Console.Error.WriteLine($"update {updateId}: answered {status} after {attempt} attempt(s)");
                        break;
                    }

                    Interlocked.Increment(ref retries);
                    await Task.Delay(50 * attempt, cancellationToken);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(SenderAsync, cancellationToken)));
        return (rejected, retries);
    }

    /// <summary>
    /// Runs messages through a separate integration of the same host and waits for their replies,
    /// so JIT compilation, connection pools and SQLite caches are warm before anything is timed.
    /// </summary>
    public static async Task WarmUpAsync(GatewayHost host, IWebhookSource integration, BotCounter replies, long firstUpdateId, int count, CancellationToken cancellationToken)
    {
        using var http = TelegramUpdates.Client(host.BaseAddress, 32);
        var (rejected, _) = await SendAllAsync(http, integration, firstUpdateId, count, 32, cancellationToken);
        var drained = await WaitForAsync(() => replies.Received >= count - rejected, TimeSpan.FromSeconds(90), cancellationToken);
        Console.WriteLine($"  warm-up: {count:N0} messages, {replies.Received:N0} replies{(drained ? "" : " (not all came back within 90 s)")}");
    }

    /// <summary>Counts the updates with no reply and with more than one.</summary>
    public static (int Missing, int Duplicated) Check(IWebhookSource source, BotCounter replies, long firstUpdateId, int count)
    {
        int missing = 0, duplicated = 0;
        for (var i = 0; i < count; i++)
        {
            switch (replies.Count(source.ExpectedReply(firstUpdateId + i)))
            {
                case 0:
                    missing++;
                    break;
                case > 1:
                    duplicated++;
                    break;
            }
        }

        return (missing, duplicated);
    }

    public static async Task<int> PostAsync(HttpClient http, IWebhookSource integration, long updateId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = integration.Request(updateId);
            using var response = await http.SendAsync(request, cancellationToken);
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return TransportFailure;
        }
    }

    /// <summary>Waits for the sink to have <paramref name="expected"/> replies, telling how far it got every few seconds.</summary>
    public static async Task<bool> WaitForRepliesAsync(BotCounter replies, long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var nextReport = TimeSpan.FromSeconds(5);
        while (replies.Received < expected)
        {
            if (clock.Elapsed > timeout)
            {
                Console.WriteLine($"  gave up after {timeout.TotalSeconds:F0} s: {replies.Received:N0} of {expected:N0} replies");
                return false;
            }

            if (clock.Elapsed > nextReport)
            {
                Console.WriteLine($"  {replies.Received:N0} of {expected:N0} replies after {clock.Elapsed.TotalSeconds:F0} s more");
                nextReport += TimeSpan.FromSeconds(5);
            }

            await Task.Delay(5, cancellationToken);
        }

        return true;
    }

    public static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(5, cancellationToken);
        }

        return true;
    }
}
