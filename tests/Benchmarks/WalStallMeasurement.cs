using System.Diagnostics;
using System.Globalization;
using DaprChannels.BuildingBlocks.Embedded;
using Microsoft.Data.Sqlite;

namespace DaprChannels.Benchmarks;

/// <summary>
/// Not a BenchmarkDotNet benchmark: a bounded console measurement of how long a WAL read transaction
/// takes to start while one writer commits small transactions in a loop (the collision with the
/// writer's WAL-index rewrite that cost a whole second with a SQLite built without usleep).
/// Run: <c>dotnet run --project tests/Benchmarks -c Release -- wal-stall [--seconds 15] [--readers 4]</c>;
/// <c>DAPRCHANNELS_SQLITE=system</c> measures the operating system's libsqlite3 instead of the bundled one.
/// </summary>
internal static class WalStallMeasurement
{
    public static int Run(string[] args)
    {
        var seconds = Option(args, "--seconds", 15);
        var readers = Option(args, "--readers", 4);
        var library = SqliteLibrary.Initialize();

        var directory = Path.Combine(Path.GetTempPath(), "daprchannels-walstall-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "walstall.db");
        try
        {
            return Measure(file, library, seconds, readers);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int Measure(string file, string library, int seconds, int readerCount)
    {
        var writeConnectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        var readConnectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 10 }.ToString();

        using var writer = new SqliteConnection(writeConnectionString);
        writer.Open();
        Execute(writer, "PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);");
        var version = Scalar(writer, "SELECT sqlite_version();");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        long commits = 0;
        var writerThread = new Thread(() =>
        {
            var payload = new string('x', 200);
            while (!stop.IsCancellationRequested)
            {
                Execute(writer, $"BEGIN IMMEDIATE; INSERT INTO t (payload) VALUES ('{payload}'); COMMIT;");
                commits++;
            }
        }) { IsBackground = true, Name = "wal-stall writer" };

        var samples = new List<double>[readerCount];
        var readerThreads = new Thread[readerCount];
        for (var i = 0; i < readerCount; i++)
        {
            var own = samples[i] = new List<double>(1 << 16);
            readerThreads[i] = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    using var connection = new SqliteConnection(readConnectionString);
                    connection.Open();
                    var started = Stopwatch.GetTimestamp();
                    // The read lock (and any WAL-index retry) is taken by the first read of the transaction.
                    Execute(connection, "BEGIN; SELECT max(id) FROM t;");
                    own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Execute(connection, "COMMIT;");
                }
            }) { IsBackground = true, Name = $"wal-stall reader {i}" };
        }

        writerThread.Start();
        foreach (var thread in readerThreads)
        {
            thread.Start();
        }

        writerThread.Join();
        foreach (var thread in readerThreads)
        {
            thread.Join();
        }

        var all = samples.SelectMany(s => s).Order().ToArray();
        var p999 = all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(all.Length * 0.999) - 1)];
        var p99 = all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(all.Length * 0.99) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"library={library} sqlite={version} seconds={seconds} readers={readerCount} commits={commits} reads={all.Length} " +
            $"p99={p99:F2}ms p99.9={p999:F2}ms max={(all.Length == 0 ? 0 : all[^1]):F1}ms reads>=900ms={all.Count(x => x >= 900)}"));
        return 0;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read() || reader.NextResult())
        {
        }
    }

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
