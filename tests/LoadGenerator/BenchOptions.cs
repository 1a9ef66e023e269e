namespace DaprChannels.LoadGenerator;

/// <summary>What one run measures and how hard; every value has a default that fits a 2-core machine in under 5 minutes.</summary>
public sealed record BenchOptions
{
    public static readonly string[] AllPhases = ["baseline", "ingress", "e2e", "rate", "whatsapp"];

    public required string RepositoryRoot { get; init; }

    public required string HostAssembly { get; init; }

    /// <summary>Markdown file the results are written into (null: print only).</summary>
    public string? ReportPath { get; init; }

    public IReadOnlySet<string> Phases { get; init; } = new HashSet<string>(AllPhases);

    public int WrkThreads { get; init; } = 2;

    public int WrkConnections { get; init; } = 64;

    public TimeSpan WrkDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Unmeasured load before each timed run. Tiered JIT compilation takes tens of thousands of
    /// requests to settle on 2 busy cores; with less, a fifth of the host's CPU goes to the JIT.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    public int WarmUpMessages { get; init; } = 20_000;

    public int EndToEndMessages { get; init; } = 20_000;

    public int EndToEndConcurrency { get; init; } = 64;

    public int FixedRate { get; init; } = 1_000;

    public TimeSpan FixedRateDuration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long to wait for the last replies before calling them missing.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>The host's default log level; Warning for measuring, Information or Debug to see why a run is slow.</summary>
    public string HostLogLevel { get; init; } = "Warning";

    /// <summary>Extra environment for the host, to try a runtime setting (e.g. DOTNET_TieredPGO=0) without a rebuild.</summary>
    public IReadOnlyDictionary<string, string> HostEnvironment { get; init; } = new Dictionary<string, string>();

    public string CommandLine { get; init; } = "";

    public const string Usage = """
        DaprChannels load generator: bare-endpoint baseline, ingress acceptance, end to end, ack latency, memory.
        Options (all optional):
          --host <path>            AllInOne assembly (default services/AllInOne/bin/Release/net10.0/DaprChannels.AllInOne.dll)
          --report <path>          Markdown file to write the results into (e.g. docs/benchmarks.md)
          --phases <list>          comma list of baseline,ingress,e2e,rate,whatsapp (default: all)
          --wrk-threads <n>        wrk threads (default 2)
          --wrk-connections <n>    wrk connections (default 64)
          --wrk-seconds <n>        wrk duration per run (default 10)
          --messages <n>           end-to-end messages (default 20000)
          --concurrency <n>        end-to-end concurrent senders (default 64)
          --rate <n>               fixed request rate per second (default 1000)
          --rate-seconds <n>       fixed-rate duration (default 20)
          --drain-seconds <n>      longest wait for outstanding replies (default 90)
          --warmup-seconds <n>     unmeasured wrk load before each wrk run (default 3)
          --warmup-messages <n>    unmeasured messages through the whole pipeline before runs 2, 3 and 4 (default 20000)
          --host-log-level <level> the host's default log level (default Warning)
          --host-env <K=V;K=V>     extra environment variables for the host
        """;

    public static BenchOptions Parse(string[] args)
    {
        var root = FindRepositoryRoot();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.\n{Usage}");
            }

            values[args[i][2..]] = args[++i];
        }

        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "host", "report", "phases", "wrk-threads", "wrk-connections", "wrk-seconds", "messages", "concurrency", "rate", "rate-seconds", "drain-seconds", "warmup-seconds", "warmup-messages", "host-log-level", "host-env",
        };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"Unknown option --{unknown}.\n{Usage}");
        }

        var phases = values.TryGetValue("phases", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(AllPhases, StringComparer.Ordinal);
        if (phases.FirstOrDefault(p => !AllPhases.Contains(p)) is { } badPhase)
        {
            throw new ArgumentException($"Unknown phase '{badPhase}'.\n{Usage}");
        }

        return new BenchOptions
        {
            RepositoryRoot = root,
            HostAssembly = Path.GetFullPath(values.GetValueOrDefault("host")
                ?? Path.Combine(root, "services", "AllInOne", "bin", "Release", "net10.0", "DaprChannels.AllInOne.dll")),
            // `dotnet run` starts in the project folder, so a relative report path is taken from the repository root.
            ReportPath = values.TryGetValue("report", out var report) ? Path.GetFullPath(report, root) : null,
            Phases = phases,
            WrkThreads = Int(values, "wrk-threads", 2, 1, 16),
            WrkConnections = Int(values, "wrk-connections", 64, 1, 4096),
            WrkDuration = TimeSpan.FromSeconds(Int(values, "wrk-seconds", 10, 1, 120)),
            EndToEndMessages = Int(values, "messages", 20_000, 1, 1_000_000),
            EndToEndConcurrency = Int(values, "concurrency", 64, 1, 1024),
            FixedRate = Int(values, "rate", 1_000, 1, 100_000),
            FixedRateDuration = TimeSpan.FromSeconds(Int(values, "rate-seconds", 20, 1, 300)),
            DrainTimeout = TimeSpan.FromSeconds(Int(values, "drain-seconds", 90, 1, 600)),
            WarmUp = TimeSpan.FromSeconds(Int(values, "warmup-seconds", 3, 1, 120)),
            WarmUpMessages = Int(values, "warmup-messages", 20_000, 1, 1_000_000),
            HostEnvironment = (values.GetValueOrDefault("host-env") ?? "")
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(pair => pair.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "", StringComparer.Ordinal),
            HostLogLevel = values.GetValueOrDefault("host-log-level") ?? "Warning",
            CommandLine = args.Length == 0 ? "(defaults)" : string.Join(' ', args),
        };
    }

    private static int Int(Dictionary<string, string> values, string name, int fallback, int min, int max)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"--{name} must be a whole number from {min} to {max}.");
        }

        return value;
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DaprChannels.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("DaprChannels.sln not found above the current directory.");
    }
}
