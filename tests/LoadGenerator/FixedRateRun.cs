namespace DaprChannels.LoadGenerator;

/// <summary>Acknowledgement latency at a fixed request rate and the host's memory meanwhile.</summary>
public sealed record FixedRateResult(
    int Rate,
    int Scheduled,
    double Seconds,
    long Non2xx,
    long Failed,
    LatencySummary Ack,
    LatencySummary ScheduleLag,
    long PeakRssBytes,
    long AverageRssBytes,
    long IdleRssBytes,
    int RssSamples,
    long RepliesReceived,
    int Missing,
    int Duplicated,
    bool Drained,
    CpuSplit Cpu)
{
    /// <summary>Acknowledgements slower than this many milliseconds (a count over 1 s often means dropped SYNs).</summary>
    public int SlowerThan1s { get; init; }

    public int SlowerThan10ms { get; init; }

    /// <summary>In how many of the run's seconds an acknowledgement took over 100 ms: few means stalls, many means overload.</summary>
    public int SecondsWithSlowAcks { get; init; }

    public double AchievedRate => Seconds > 0 ? Scheduled / Seconds : 0;
}

/// <summary>
/// An open-loop generator: request i is sent at start + i/rate whether or not earlier ones were
/// answered, so a slow answer shows up as latency instead of as a lower rate. Latency runs from
/// the moment a request is handed to the client to its response; how late the scheduler was to
/// send it is reported beside it.
/// </summary>
public static class FixedRateRun
{
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromMilliseconds(250);

    public static async Task<FixedRateResult> RunAsync(
        BenchOptions options,
        GatewayHost host,
        BenchIntegration integration,
        BotCounter replies,
        long firstUpdateId,
        CancellationToken cancellationToken)
    {
        using var http = TelegramUpdates.Client(host.BaseAddress, 1024);

        // Open a pool of connections first so connection set-up is not counted as acknowledgement latency.
        const int warmup = 256;
        await Task.WhenAll(Enumerable.Range(0, warmup).Select(i => EndToEndRun.PostAsync(http, integration, firstUpdateId + i, cancellationToken)));
        await EndToEndRun.WaitForAsync(() => replies.Received >= warmup, TimeSpan.FromSeconds(30), cancellationToken);
        var idleRss = ProcStats.ResidentBytes(host.ProcessId) ?? 0;

        var total = (int)(options.FixedRate * options.FixedRateDuration.TotalSeconds);
        var ack = new double[total];
        var lag = new double[total];
        var inFlight = new Task[total];
        long non2xx = 0, failed = 0;
        var firstId = firstUpdateId + warmup;

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rss = new List<long>();
        var sampler = SampleMemoryAsync(host.ProcessId, rss, sampling.Token);
        var cpu = new CpuWindow(host.ProcessId, () => null);

        var clock = Stopwatch.StartNew();
        var ticksPerRequest = (double)Stopwatch.Frequency / options.FixedRate;

        // A dedicated thread sleeping in 1 ms steps keeps the schedule without spinning a core; it
        // signals its end instead of being joined, so no thread-pool thread is blocked meanwhile.
        var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = new Thread(() =>
        {
            for (var i = 0; i < total; i++)
            {
                var due = (long)(i * ticksPerRequest);
                while (clock.ElapsedTicks < due)
                {
                    Thread.Sleep(1);
                }

                var index = i;
                lag[index] = (clock.ElapsedTicks - due) * 1000.0 / Stopwatch.Frequency;
                inFlight[index] = SendAsync(index);
            }

            scheduled.SetResult();
        })
        { IsBackground = true, Name = "fixed-rate scheduler" };

        async Task SendAsync(int index)
        {
            var started = Stopwatch.GetTimestamp();
            var status = await EndToEndRun.PostAsync(http, integration, firstId + index, cancellationToken);
            ack[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (status == EndToEndRun.TransportFailure)
            {
                Interlocked.Increment(ref failed);
            }
            else if (status is < 200 or >= 300)
            {
                Interlocked.Increment(ref non2xx);
            }
        }

        scheduler.Start();
        await scheduled.Task.WaitAsync(cancellationToken);
        await Task.WhenAll(inFlight);
        var seconds = clock.Elapsed.TotalSeconds;
        var split = cpu.Finish("fixed rate", "generator");
        await sampling.CancelAsync();
        await sampler;

        var expected = warmup + total;
        var drained = await EndToEndRun.WaitForRepliesAsync(replies, expected, options.DrainTimeout, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var (missing, duplicated) = EndToEndRun.Check(integration, replies, firstUpdateId, expected);

        return new FixedRateResult(
            options.FixedRate,
            total,
            seconds,
            non2xx,
            failed,
            LatencySummary.Of(ack),
            LatencySummary.Of(lag),
            rss.Count > 0 ? rss.Max() : 0,
            rss.Count > 0 ? (long)rss.Average() : 0,
            idleRss,
            rss.Count,
            replies.Received,
            missing,
            duplicated,
            drained,
            split)
        {
            SlowerThan1s = ack.Count(ms => ms >= 1000),
            SlowerThan10ms = ack.Count(ms => ms >= 10),
            SecondsWithSlowAcks = ack.Select((ms, i) => (ms, second: i / options.FixedRate)).Where(x => x.ms >= 100).Select(x => x.second).Distinct().Count(),
        };
    }

    private static async Task SampleMemoryAsync(int pid, List<long> samples, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SamplePeriod);
        try
        {
            do
            {
                if (ProcStats.ResidentBytes(pid) is { } bytes)
                {
                    samples.Add(bytes);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>Percentiles in milliseconds (nearest rank).</summary>
public sealed record LatencySummary(double P50, double P90, double P99, double P999, double Max, double Mean)
{
    public static LatencySummary Of(double[] values)
    {
        if (values.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        var sorted = values.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(At(50), At(90), At(99), At(99.9), sorted[^1], sorted.Average());
    }
}
