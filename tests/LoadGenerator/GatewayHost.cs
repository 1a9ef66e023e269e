using DaprChannels.TestSupport.Hosting;

namespace DaprChannels.LoadGenerator;

/// <summary>
/// The AllInOne host as a child process, as a user runs it: Release build, embedded building
/// blocks, a fresh data folder, logging at Warning, Telegram pointed at the sink.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private const int KeptOutputLines = 200;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _dataDirectory = DataDirectories.NewPath("daprchannels-bench-");
    private readonly ConcurrentDictionary<string, int> _warnings = new(StringComparer.Ordinal);
    private Process? _process;

    private GatewayHost(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int ProcessId => _process?.Id ?? 0;

    public string OperatorKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>Log entries at warning or above while it ran, by level and category ("warn: Some.Category[0]").</summary>
    public IReadOnlyDictionary<string, int> Warnings => _warnings;

    public string RecentOutput => string.Join('\n', _output);

    public static async Task<GatewayHost> StartAsync(string assembly, Uri telegramBaseUrl, string logLevel, IReadOnlyDictionary<string, string> extraEnvironment, Uri? metaBaseUrl = null)
    {
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"Build the host first: dotnet build services/AllInOne -c Release ({assembly} is missing).");
        }

        var host = new GatewayHost(FreePort.Next());
        Directory.CreateDirectory(host._dataDirectory);
        var baseUrl = host.BaseAddress.ToString().TrimEnd('/');
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = baseUrl,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            ["BuildingBlocks__Mode"] = "Embedded",
            ["BuildingBlocks__Embedded__DataDirectory"] = host._dataDirectory,
            ["DaprChannels__OperatorKey"] = host.OperatorKey,
            ["DaprChannels__PublicBaseUrl"] = baseUrl,
            ["Channels__Telegram__BaseUrl"] = telegramBaseUrl.ToString().TrimEnd('/'),
            // The Dispatcher holds each Telegram bot to Telegram's own ~30 messages/s; the sink has no
            // such limit, and the run measures the gateway's capacity, not one bot's allowance.
            ["Dispatcher__RateLimits__telegram"] = "0",
            ["Logging__LogLevel__Default"] = logLevel,
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = logLevel,
            ["Logging__LogLevel__Microsoft.AspNetCore"] = logLevel,
        };
        if (metaBaseUrl is not null)
        {
            environment["Channels__Meta__BaseUrl"] = metaBaseUrl.ToString().TrimEnd('/');
            environment["Dispatcher__RateLimits__whatsapp"] = "0";
        }

        foreach (var (name, value) in extraEnvironment)
        {
            environment[name] = value;
        }

        var process = DotnetProcess.Start(assembly, environment, host.Keep);
        host._process = process;
        await ReadinessProbe.WaitAsync(host.BaseAddress, process, "The host", () => host.RecentOutput, TimeSpan.FromSeconds(60));
        // The pid is printed so a profiler (perf record -p) can be attached to this host and no other.
        Console.WriteLine($"  host pid {process.Id} on {host.BaseAddress}");
        return host;
    }

    private void Keep(string line)
    {
        if (line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            _warnings.AddOrUpdate(line.Trim(), 1, (_, n) => n + 1);
        }

        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines && _output.TryDequeue(out _))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        DataDirectories.Delete(_dataDirectory);
    }
}
