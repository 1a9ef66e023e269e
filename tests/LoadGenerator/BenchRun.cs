namespace DaprChannels.LoadGenerator;

/// <summary>
/// The whole measurement: baseline, ingress acceptance, end to end, fixed-rate latency and
/// memory. Each gateway run gets a fresh host and data folder so no backlog of one run slows the next.
/// </summary>
public static class BenchRun
{
    // Disjoint update_id ranges per run, all below 2^31. A measured wrk run gives each of its at
    // most 16 threads 10 million ids, a warm-up 1 million; the C# runs count up from their first id.
    private const long BaselineFirstId = 1_000_000;
    private const long IngressWarmUpFirstId = 200_000_000;
    private const long IngressPipelineWarmUpFirstId = 250_000_000;
    private const long IngressFirstId = 300_000_000;
    private const long EndToEndWarmUpFirstId = 900_000_000;
    private const long EndToEndFirstId = 1_000_000_000;
    private const long FixedRateWarmUpFirstId = 1_400_000_000;
    private const long FixedRateFirstId = 1_500_000_000;
    private const long WhatsAppWarmUpFirstId = 1_700_000_000;
    private const long WhatsAppFirstId = 1_800_000_000;

    /// <summary>The longest a whole run may take, whatever the options say.</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(15);

    /// <summary>0: all measured and correct; 1: setup failed; 2: messages lost, duplicated or refused.</summary>
    public static async Task<int> RunAsync(BenchOptions options)
    {
        using var stop = new CancellationTokenSource(RunLimit);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var ct = stop.Token;

        // The generator, the sink and the baseline app share this process: enough ready threads that a
        // burst of answers is never queued behind thread-pool growth, which would show up as host latency.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        var startedAt = DateTimeOffset.UtcNow;
        var results = new BenchResults();

        try
        {
            await using var sink = new TelegramSink();
            await sink.StartAsync();

            if (options.Phases.Contains("baseline"))
            {
                Console.WriteLine("== 1. bare endpoint baseline (wrk)");
                await using var bare = new BareEndpoint();
                await bare.StartAsync();
                await WrkRun.RunAsync(options, bare.BaseAddress, "/webhooks/telegram/baseline", "baseline", BaselineFirstId, 0, "warm-up", ct, options.WarmUp, 1_000_000);
                results.Baseline = await WrkRun.RunAsync(options, bare.BaseAddress, "/webhooks/telegram/baseline", "baseline", BaselineFirstId, 0, "baseline", ct);
            }

            if (options.Phases.Contains("ingress"))
            {
                Console.WriteLine("== 2. ingress acceptance (wrk)");
                results.Ingress = await OnWarmTelegramHostAsync(options, sink, results, "bench-ingress", "ingress", IngressPipelineWarmUpFirstId, async (host, integration) =>
                {
                    await WrkRun.RunAsync(options, host.BaseAddress, integration.WebhookPath, integration.SecretToken, IngressWarmUpFirstId, host.ProcessId, "warm-up", ct, options.WarmUp, 1_000_000);
                    return await WrkRun.RunAsync(options, host.BaseAddress, integration.WebhookPath, integration.SecretToken, IngressFirstId, host.ProcessId, "ingress", ct);
                }, ct);
            }

            if (options.Phases.Contains("e2e"))
            {
                Console.WriteLine($"== 3. end to end ({options.EndToEndMessages:N0} messages)");
                results.EndToEnd = await OnWarmTelegramHostAsync(options, sink, results, "bench-e2e", "end to end", EndToEndWarmUpFirstId, (host, integration) =>
                    EndToEndRun.RunAsync(options, host, integration, sink.Bot(integration.BotToken), EndToEndFirstId, ct), ct);
            }

            if (options.Phases.Contains("rate"))
            {
                Console.WriteLine($"== 4/5. ack latency and memory at {options.FixedRate:N0} req/s for {options.FixedRateDuration.TotalSeconds:F0} s");
                results.FixedRate = await OnWarmTelegramHostAsync(options, sink, results, "bench-rate", "fixed rate", FixedRateWarmUpFirstId, (host, integration) =>
                    FixedRateRun.RunAsync(options, host, integration, sink.Bot(integration.BotToken), FixedRateFirstId, ct), ct);
            }

            if (options.Phases.Contains("whatsapp"))
            {
                Console.WriteLine($"== 6. signed WhatsApp webhooks end to end ({options.EndToEndMessages:N0} messages)");
                await using var whatsApp = new WhatsAppSink();
                await whatsApp.StartAsync();
                await using var host = await GatewayHost.StartAsync(options.HostAssembly, sink.BaseAddress, options.HostLogLevel, options.HostEnvironment, whatsApp.BaseAddress);
                var warmUp = await WhatsAppWebhooks.CreateAsync(host, "bench-whatsapp-warm-up", ct);
                await EndToEndRun.WarmUpAsync(host, warmUp, whatsApp.Number(warmUp.PhoneNumberId), WhatsAppWarmUpFirstId, options.WarmUpMessages, ct);
                var integration = await WhatsAppWebhooks.CreateAsync(host, "bench-whatsapp", ct);
                results.WhatsApp = await EndToEndRun.RunAsync(options, host, integration, whatsApp.Number(integration.PhoneNumberId), WhatsAppFirstId, ct, "whatsapp");
                NoteWarnings(results, "whatsapp", host);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or FileNotFoundException or HttpRequestException or OperationCanceledException)
        {
            Console.Error.WriteLine("The run stopped: " + ex.Message);
            return 1;
        }

        var report = BenchReport.Render(options, results, startedAt);
        Console.WriteLine();
        Console.WriteLine(report);
        if (options.ReportPath is { } path)
        {
            BenchReport.Write(path, report);
            Console.WriteLine("Written to " + path);
        }

        var failures = results.CorrectnessFailures().ToList();
        foreach (var failure in failures)
        {
            Console.Error.WriteLine("!!! CORRECTNESS FAILURE: " + failure);
        }

        return failures.Count == 0 ? 0 : 2;
    }

    /// <summary>
    /// A phase on a fresh host: a warm-up integration's messages go through the whole pipeline first, then
    /// <paramref name="measure"/> gets the integration <paramref name="name"/>; what the host logged at warning or
    /// above meanwhile is noted under <paramref name="phase"/>.
    /// </summary>
    private static async Task<T> OnWarmTelegramHostAsync<T>(
        BenchOptions options, TelegramSink sink, BenchResults results, string name, string phase, long warmUpFirstId,
        Func<GatewayHost, BenchIntegration, Task<T>> measure, CancellationToken ct)
    {
        await using var host = await GatewayHost.StartAsync(options.HostAssembly, sink.BaseAddress, options.HostLogLevel, options.HostEnvironment);
        var warmUp = await BenchIntegration.CreateAsync(host, name + "-warm-up", ct);
        await EndToEndRun.WarmUpAsync(host, warmUp, sink.Bot(warmUp.BotToken), warmUpFirstId, options.WarmUpMessages, ct);
        var result = await measure(host, await BenchIntegration.CreateAsync(host, name, ct));
        NoteWarnings(results, phase, host);
        return result;
    }

    private static void NoteWarnings(BenchResults results, string phase, GatewayHost host)
    {
        if (host.Warnings.Count > 0)
        {
            var summary = string.Join(", ", host.Warnings.Select(w => $"{w.Value} × `{w.Key}`"));
            results.HostWarnings.Add($"{phase}: {summary}");
            Console.Error.WriteLine($"The host logged at warning or above during {phase} ({summary}); its last lines:");
            Console.Error.WriteLine(string.Join('\n', host.RecentOutput.Split('\n').TakeLast(20)));
        }
    }
}
