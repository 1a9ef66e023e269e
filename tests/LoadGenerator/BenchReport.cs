namespace DaprChannels.LoadGenerator;

/// <summary>
/// Renders the results as Markdown and writes them into the report file between two markers,
/// so the hand-written analysis around them survives a new run.
/// </summary>
public static class BenchReport
{
    public const string StartMarker = "<!-- bench:results:start -->";
    public const string EndMarker = "<!-- bench:results:end -->";

    private const double TargetIngressRatio = 0.5;
    private const double TargetEndToEnd = 5_000;
    private const double TargetP99Ms = 10;
    private const double TargetMemoryMb = 250;

    public static string Render(BenchOptions options, BenchResults results, DateTimeOffset startedAt)
    {
        var md = new StringBuilder();
        md.AppendLine(Inv($"Run of {startedAt:yyyy-MM-dd HH:mm} UTC, `make bench` (`dotnet run --project tests/LoadGenerator -c Release -- {options.CommandLine}`)."));
        md.AppendLine();
        md.AppendLine(Inv($"Load average before the run: {LoadAverage()}. Machine: {Environment.ProcessorCount} CPUs ({ProcStats.CpuModel()}), {ProcStats.TotalMemoryBytes() / (1024.0 * 1024 * 1024):F1} GiB memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}. Load generator, wrk, sink and host share the machine."));
        md.AppendLine();
        md.AppendLine("| # | measurement | result | target | verdict |");
        md.AppendLine("|---|---|---|---|---|");

        if (results.Baseline is { } b)
        {
            md.AppendLine(Inv($"| 1 | bare endpoint baseline (wrk {options.WrkThreads} threads, {options.WrkConnections} connections, {options.WrkDuration.TotalSeconds:F0} s) | **{b.RequestsPerSecond:N0} req/s**; p50 {b.P50:F2} ms, p99 {b.P99:F2} ms | reference | |"));
        }

        if (results.Ingress is { } i)
        {
            var ratio = results.IngressRatio;
            md.AppendLine(Inv($"| 2 | ingress acceptance (signed, distinct Telegram updates, same wrk settings) | **{i.RequestsPerSecond:N0} req/s**; p50 {i.P50:F2} / p90 {i.P90:F2} / p99 {i.P99:F2} / max {i.Max:F1} ms; non-2xx {i.Non2xx:N0}, socket errors {i.SocketErrors:N0}") +
                (ratio is { } r ? Inv($"; **{r:F2}× baseline**") : "") +
                Inv($" | ≥ {TargetIngressRatio:F1}× baseline, 0 non-2xx | {Verdict(ratio is null ? null : ratio >= TargetIngressRatio && i.Non2xx == 0, ratio is { } miss && miss < TargetIngressRatio ? Inv($"short by {(TargetIngressRatio - miss) / TargetIngressRatio:P0}") : null)} |"));
        }

        if (results.EndToEnd is { } e)
        {
            var correctness = e.Correct
                ? Inv($"every update got exactly one reply ({e.RepliesReceived:N0} replies)")
                : Inv($"**CORRECTNESS FAILURE**: {e.Missing:N0} missing, {e.Duplicated:N0} duplicated, {e.Rejected:N0} refused");
            md.AppendLine(Inv($"| 3 | end to end: {e.Messages:N0} webhooks in ({options.EndToEndConcurrency} senders) → {e.Messages:N0} sendMessage calls out | **{(e.Drained ? e.EndToEndPerSecond.ToString("N0", CultureInfo.InvariantCulture) + " msg/s" : Inv($"did not finish: {e.RepliesReceived:N0} replies in {e.ReplySeconds:F0} s, {e.RepliesReceived / e.ReplySeconds:N0}/s"))}** ({e.ReplySeconds:F1} s); accepted at {e.AcceptedPerSecond:N0}/s ({e.AcceptSeconds:F1} s, {e.Retries:N0} retried 503s); {correctness} | ≥ {TargetEndToEnd:N0} msg/s, exactly one reply each | {Verdict(e.Correct && e.EndToEndPerSecond >= TargetEndToEnd, e.Correct && e.Drained && e.EndToEndPerSecond < TargetEndToEnd ? Inv($"short by {(TargetEndToEnd - e.EndToEndPerSecond) / TargetEndToEnd:P0}") : e.Correct ? null : e.Drained ? "messages lost or duplicated" : "replies outstanding when the wait ran out")} |"));
        }

        if (results.FixedRate is { } f)
        {
            var a = f.Ack;
            md.AppendLine(Inv($"| 4 | ack latency, open loop at {f.Rate:N0} req/s for {f.Seconds:F0} s ({f.Scheduled:N0} requests, achieved {f.AchievedRate:N0}/s) | p50 {a.P50:F2} / p90 {a.P90:F2} / **p99 {a.P99:F2}** / p99.9 {a.P999:F2} / max {a.Max:F1} ms ({f.SlowerThan10ms:N0} over 10 ms, {f.SlowerThan1s:N0} over 1 s; acks over 100 ms in {f.SecondsWithSlowAcks} of {f.Seconds:F0} seconds); non-2xx {f.Non2xx:N0}, failed {f.Failed:N0}; scheduler lag p99 {f.ScheduleLag.P99:F2} ms | p99 < {TargetP99Ms:F0} ms | {Verdict(a.P99 < TargetP99Ms && f.Non2xx == 0 && f.Failed == 0, a.P99 >= TargetP99Ms ? Inv($"p99 over by {a.P99 - TargetP99Ms:F1} ms") : null)} |"));
            var peakMb = f.PeakRssBytes / (1024.0 * 1024);
            md.AppendLine(Inv($"| 5 | host memory (VmRSS every 250 ms during run 4, {f.RssSamples} samples) | **peak {peakMb:F0} MB**, average {f.AverageRssBytes / (1024.0 * 1024):F0} MB (idle after warm-up {f.IdleRssBytes / (1024.0 * 1024):F0} MB) | < {TargetMemoryMb:F0} MB | {Verdict(peakMb < TargetMemoryMb, peakMb >= TargetMemoryMb ? Inv($"over by {peakMb - TargetMemoryMb:F0} MB") : null)} |"));
            md.AppendLine(Inv($"| 4b | replies to run 4 | {(f.Drained && f.Missing == 0 && f.Duplicated == 0 ? "every update got exactly one reply" : Inv($"**CORRECTNESS FAILURE**: {f.Missing:N0} missing, {f.Duplicated:N0} duplicated"))} ({f.RepliesReceived:N0} replies) | exactly one reply each | {Verdict(f.Drained && f.Missing == 0 && f.Duplicated == 0, null)} |"));
        }

        if (results.WhatsApp is { } w)
        {
            var correctness = w.Correct
                ? Inv($"every webhook got exactly one reply ({w.RepliesReceived:N0} replies)")
                : Inv($"**CORRECTNESS FAILURE**: {w.Missing:N0} missing, {w.Duplicated:N0} duplicated, {w.Rejected:N0} refused");
            md.AppendLine(Inv($"| 6 | signed WhatsApp Cloud API webhooks ({w.Messages:N0}, X-Hub-Signature-256 verified, {options.EndToEndConcurrency} senders) → rules bot → Graph API sends | **accepted {w.AcceptedPerSecond:N0} webhooks/s** ({w.AcceptSeconds:F1} s, {w.Retries:N0} retried 503s); end to end {(w.Drained ? w.EndToEndPerSecond.ToString("N0", CultureInfo.InvariantCulture) + " msg/s" : "did not finish")} ({w.ReplySeconds:F1} s); {correctness} | exactly one reply each | {Verdict(w.Correct, w.Correct ? null : "messages lost or duplicated")} |"));
        }

        var splits = new[] { results.Baseline?.Cpu, results.Ingress?.Cpu, results.EndToEnd?.Cpu, results.FixedRate?.Cpu, results.WhatsApp?.Cpu }.OfType<CpuSplit>().ToList();
        if (splits.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("CPU split per run (100% = one core fully busy; this machine has " + Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture) + " cores):");
            md.AppendLine();
            md.AppendLine("| run | wall s | host | wrk | generator + sink (+ baseline app) | other processes | whole machine busy | TCP listen drops / SYN retransmits |");
            md.AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var s in splits)
            {
                md.AppendLine(Inv($"| {s.Phase} | {s.WallSeconds:F1} | {s.HostPercent:F0}% | {(s.LoadSource == "wrk" ? Inv($"{s.WrkPercent:F0}%") : "–")} | {s.GeneratorPercent:F0}% | {s.OtherPercent:F0}% | {s.MachineBusyPercent:F0}% of all cores | {s.ListenDrops} / {s.SynRetransmits} |"));
            }
        }

        if (splits.Any(s => s.HostThreads.Count > 0))
        {
            md.AppendLine();
            md.AppendLine("Host CPU by thread name (from `/proc/<pid>/task/*/stat`; `.NET TP Worker` = thread pool, `.NET Server GC`/`.NET BGC` = garbage collector):");
            md.AppendLine();
            foreach (var s in splits.Where(s => s.HostThreads.Count > 0))
            {
                md.AppendLine(Inv($"- {s.Phase}: ") + string.Join(", ", s.HostThreads.Select(t => Inv($"`{t.Name}` ×{t.Threads} {t.Percent:F0}%"))));
            }
        }

        var failures = results.CorrectnessFailures().ToList();
        md.AppendLine();
        md.AppendLine(failures.Count == 0
            ? "Correctness: no message was refused, lost or answered twice."
            : "**CORRECTNESS FAILURES:** " + string.Join("; ", failures) + ".");
        if (results.HostWarnings.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Host log entries at warning or above: " + string.Join("; ", results.HostWarnings) + ".");
        }

        return md.ToString();
    }

    /// <summary>Replaces the text between the markers, or writes a fresh page when the file has none.</summary>
    public static void Write(string path, string results)
    {
        var block = StartMarker + "\n" + results.TrimEnd() + "\n" + EndMarker;
        var existing = File.Exists(path) ? File.ReadAllText(path) : "";
        var start = existing.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = existing.IndexOf(EndMarker, StringComparison.Ordinal);
        var page = start >= 0 && end > start
            ? existing[..start] + block + existing[(end + EndMarker.Length)..]
            : "# Benchmarks\n\n" + block + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, page);
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Verdict(bool? met, string? detail) => met switch
    {
        null => "",
        true => "met",
        false => "**missed**" + (detail is null ? "" : " (" + detail + ")"),
    };

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
