namespace DaprChannels.LoadGenerator;

/// <summary>Reads Linux /proc: a process's CPU time and resident memory, and the machine's busy/idle time.</summary>
public static class ProcStats
{
    /// <summary>USER_HZ: the unit of /proc times; 100 on every mainstream Linux build.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds a process has used (0 once it is gone).</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces and parentheses; fields are counted after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / TicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>CPU seconds per thread of a process, keyed by thread id, with the thread's name (15 characters at most).</summary>
    public static Dictionary<int, (string Name, double Seconds)> ThreadCpuSeconds(int pid)
    {
        var threads = new Dictionary<int, (string, double)>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var open = stat.IndexOf('(');
                    var close = stat.LastIndexOf(')');
                    var fields = stat[(close + 2)..].Split(' ');
                    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                    threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (stat[(open + 1)..close], ticks / TicksPerSecond);
                }
                catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException)
                {
                    // The thread ended between listing and reading.
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return threads;
    }

    /// <summary>VmRSS in bytes, or null when the process is gone.</summary>
    public static long? ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return null;
    }

    /// <summary>The whole machine's (busy, total) CPU seconds from the first line of /proc/stat.</summary>
    public static (double Busy, double Total) MachineCpuSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    /// <summary>
    /// Machine-wide TCP counters: listen-queue drops and SYN retransmits. A dropped SYN is resent
    /// after 1 s, which shows up as a latency of just over a second.
    /// </summary>
    public static (long ListenDrops, long SynRetransmits) TcpCounters()
    {
        try
        {
            var lines = File.ReadAllLines("/proc/net/netstat").Where(l => l.StartsWith("TcpExt:", StringComparison.Ordinal)).ToArray();
            var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long Value(string name) => Array.IndexOf(names, name) is var i and > 0 ? long.Parse(values[i], CultureInfo.InvariantCulture) : 0;
            return (Value("ListenDrops"), Value("TCPSynRetrans"));
        }
        catch (Exception ex) when (ex is IOException or IndexOutOfRangeException or FormatException)
        {
            return (0, 0);
        }
    }

    public static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public static long TotalMemoryBytes()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}

/// <summary>CPU used by the host, by the load source and by the whole machine over one phase.</summary>
public sealed class CpuWindow
{
    private readonly int _hostPid;
    private readonly Func<int?> _loadPid;
    private readonly double _hostStart;
    private readonly Dictionary<int, (string Name, double Seconds)> _hostThreadsStart;
    private readonly double _selfStart;
    private readonly (double Busy, double Total) _machineStart;
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private readonly (long ListenDrops, long SynRetransmits) _tcpStart = ProcStats.TcpCounters();
    private double _loadLast;

    public CpuWindow(int hostPid, Func<int?> loadPid)
    {
        _hostPid = hostPid;
        _loadPid = loadPid;
        _hostStart = hostPid > 0 ? ProcStats.CpuSeconds(hostPid) : 0;
        _hostThreadsStart = hostPid > 0 ? ProcStats.ThreadCpuSeconds(hostPid) : [];
        _selfStart = ProcStats.CpuSeconds(Environment.ProcessId);
        _machineStart = ProcStats.MachineCpuSeconds();
    }

    /// <summary>
    /// Samples an external load process (wrk), which starts inside the window at zero CPU time;
    /// its /proc entry is gone once it exits, so the last sample taken is its total.
    /// </summary>
    public void SampleLoad()
    {
        if (_loadPid() is { } pid)
        {
            _loadLast = Math.Max(_loadLast, ProcStats.CpuSeconds(pid));
        }
    }

    public CpuSplit Finish(string phase, string loadSource)
    {
        var wall = (DateTime.UtcNow - _startedAt).TotalSeconds;
        var machine = ProcStats.MachineCpuSeconds();
        var host = _hostPid > 0 ? ProcStats.CpuSeconds(_hostPid) - _hostStart : 0;
        // Which kinds of host thread used the CPU: thread-pool workers, the GC, named service threads.
        var byThreadName = (_hostPid > 0 ? ProcStats.ThreadCpuSeconds(_hostPid) : [])
            .Select(t => (t.Value.Name, Seconds: t.Value.Seconds - (_hostThreadsStart.TryGetValue(t.Key, out var before) && before.Name == t.Value.Name ? before.Seconds : 0)))
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Threads: g.Count(), Percent: Percent(g.Sum(t => t.Seconds), wall)))
            .Where(g => g.Percent >= 1)
            .OrderByDescending(g => g.Percent)
            .Take(6)
            .Select(g => new ThreadGroupCpu(g.Name, g.Threads, g.Percent))
            .ToList();
        var self = ProcStats.CpuSeconds(Environment.ProcessId) - _selfStart;
        var busy = machine.Busy - _machineStart.Busy;
        var total = machine.Total - _machineStart.Total;
        return new CpuSplit(
            phase,
            loadSource,
            wall,
            Percent(host, wall),
            Percent(_loadLast, wall),
            Percent(self, wall),
            total > 0 ? 100 * busy / total : 0)
        {
            HostThreads = byThreadName,
            ListenDrops = ProcStats.TcpCounters().ListenDrops - _tcpStart.ListenDrops,
            SynRetransmits = ProcStats.TcpCounters().SynRetransmits - _tcpStart.SynRetransmits,
        };
    }

    private static double Percent(double cpuSeconds, double wallSeconds) => wallSeconds > 0 ? 100 * cpuSeconds / wallSeconds : 0;
}

/// <summary>CPU percentages of one core (200% = both cores of a 2-core machine busy).</summary>
public sealed record CpuSplit(string Phase, string LoadSource, double WallSeconds, double HostPercent, double WrkPercent, double GeneratorPercent, double MachineBusyPercent)
{
    public IReadOnlyList<ThreadGroupCpu> HostThreads { get; init; } = [];

    /// <summary>Machine-wide, so other processes' connections count too.</summary>
    public long ListenDrops { get; init; }

    public long SynRetransmits { get; init; }

    /// <summary>What the rest of the machine used meanwhile (other builds, the OS), in percent of one core.</summary>
    public double OtherPercent => Math.Max(0, MachineBusyPercent * Environment.ProcessorCount - HostPercent - WrkPercent - GeneratorPercent);
}

/// <summary>CPU of the host's threads that share a name (e.g. ".NET TP Worker"), in percent of one core.</summary>
public sealed record ThreadGroupCpu(string Name, int Threads, double Percent);
