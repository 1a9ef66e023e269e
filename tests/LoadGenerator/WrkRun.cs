namespace DaprChannels.LoadGenerator;

/// <summary>What wrk measured in one run (latencies in milliseconds).</summary>
public sealed record WrkResult(
    long Requests,
    double Seconds,
    long Non2xx,
    long SocketErrors,
    double P50,
    double P90,
    double P99,
    double P999,
    double Max,
    CpuSplit Cpu)
{
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;
}

/// <summary>Runs wrk with the telegram-updates script against one URL and reads its summary line.</summary>
public static class WrkRun
{
    public static async Task<WrkResult> RunAsync(
        BenchOptions options,
        Uri baseAddress,
        string path,
        string secret,
        long firstUpdateId,
        int hostPid,
        string phase,
        CancellationToken cancellationToken,
        TimeSpan? duration = null,
        long threadSpan = 10_000_000)
    {
        var seconds = (int)Math.Max(1, (duration ?? options.WrkDuration).TotalSeconds);
        var script = Path.Combine(AppContext.BaseDirectory, "scripts", "telegram-updates.lua");
        var info = new ProcessStartInfo("wrk",
        [
            "-t", options.WrkThreads.ToString(CultureInfo.InvariantCulture),
            "-c", options.WrkConnections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s",
            "--timeout", "10s",
            "--latency",
            "-s", script,
            new Uri(baseAddress, path).ToString(),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["BENCH_PATH"] = path;
        info.Environment["BENCH_SECRET"] = secret;
        info.Environment["BENCH_FIRST_ID"] = firstUpdateId.ToString(CultureInfo.InvariantCulture);
        info.Environment["BENCH_THREAD_SPAN"] = threadSpan.ToString(CultureInfo.InvariantCulture);

        Process? process = null;
        var cpu = new CpuWindow(hostPid, () => process?.Id);
        process = Process.Start(info) ?? throw new InvalidOperationException("Could not start wrk (apt-get install wrk).");
        using var _ = process;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);

        // wrk's CPU time is read while it still exists; the run is bounded by -d plus the timeout.
        var limit = Stopwatch.StartNew();
        while (!process.HasExited && limit.Elapsed < TimeSpan.FromSeconds(seconds + 30))
        {
            cpu.SampleLoad();
            await Task.Delay(100, cancellationToken);
        }

        if (!process.HasExited)
        {
            process.Kill();
            throw new TimeoutException("wrk did not finish in time.");
        }

        var output = await stdout;
        var errors = await stderr;
        var split = cpu.Finish(phase, "wrk");
        Console.WriteLine(output.TrimEnd());
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("BENCH ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no summary (exit {process.ExitCode}): {errors}");
        var values = line[6..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(kv => kv[0], kv => double.Parse(kv[1], CultureInfo.InvariantCulture));
        return new WrkResult(
            (long)values["requests"],
            values["duration_us"] / 1e6,
            (long)values["status_errors"],
            (long)(values["connect_errors"] + values["read_errors"] + values["write_errors"] + values["timeouts"]),
            values["p50_us"] / 1000,
            values["p90_us"] / 1000,
            values["p99_us"] / 1000,
            values["p999_us"] / 1000,
            values["max_us"] / 1000,
            split);
    }
}
