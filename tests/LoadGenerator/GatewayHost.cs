using System.Net;
using System.Net.Sockets;

namespace DaprChannels.LoadGenerator;

/// <summary>
/// The AllInOne host as a child process, as a user runs it: Release build, embedded building
/// blocks, a fresh data folder, logging at Warning, Telegram pointed at the sink.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private const int KeptOutputLines = 200;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "daprchannels-bench-" + Guid.NewGuid().ToString("N"));
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

        var host = new GatewayHost(FreePort());
        Directory.CreateDirectory(host._dataDirectory);
        var info = new ProcessStartInfo("dotnet", [assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        info.Environment["ASPNETCORE_URLS"] = host.BaseAddress.ToString().TrimEnd('/');
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["BuildingBlocks__Mode"] = "Embedded";
        info.Environment["BuildingBlocks__Embedded__DataDirectory"] = host._dataDirectory;
        info.Environment["DaprChannels__OperatorKey"] = host.OperatorKey;
        info.Environment["DaprChannels__PublicBaseUrl"] = host.BaseAddress.ToString().TrimEnd('/');
        info.Environment["Channels__Telegram__BaseUrl"] = telegramBaseUrl.ToString().TrimEnd('/');
        // The Dispatcher holds each Telegram bot to Telegram's own ~30 messages/s; the sink has no
        // such limit, and the run measures the gateway's capacity, not one bot's allowance.
        info.Environment["Dispatcher__RateLimits__telegram"] = "0";
        if (metaBaseUrl is not null)
        {
            info.Environment["Channels__Meta__BaseUrl"] = metaBaseUrl.ToString().TrimEnd('/');
            info.Environment["Dispatcher__RateLimits__whatsapp"] = "0";
        }

        info.Environment["Logging__LogLevel__Default"] = logLevel;
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = logLevel;
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = logLevel;

        foreach (var (name, value) in extraEnvironment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + assembly);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        host._process = process;
        await host.WaitReadyAsync(TimeSpan.FromSeconds(60));
        // The pid is printed so a profiler (perf record -p) can be attached to this host and no other.
        Console.WriteLine($"  host pid {process.Id} on {host.BaseAddress}");
        return host;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            _warnings.AddOrUpdate(line.Trim(), 1, (_, n) => n + 1);
        }

        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines && _output.TryDequeue(out _))
        {
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"The host exited with {exited.ExitCode}:\n{RecentOutput}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/readyz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The host was not ready within {timeout}:\n{RecentOutput}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
