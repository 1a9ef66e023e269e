using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// The SQLite file behind the embedded building blocks. Every write goes through one connection and one
/// loop: requests queue on a channel, the loop takes all that are waiting, runs them in one transaction
/// and completes their tasks only after it commits (group commit), so many durable writes share one
/// commit. Reads use pooled connections of their own (WAL lets them run beside the writer). WAL with
/// synchronous=NORMAL makes a commit survive a process crash; only a power loss may drop the last ones.
/// Other processes may open the same file: their writers serialize on SQLite's write lock.
/// </summary>
internal sealed class EmbeddedDatabase : IAsyncDisposable, IDisposable
{
    public const string FileName = "daprchannels.db";

    private const int MaxRequestsPerBatch = 1024;
    private const int BusyTimeoutMilliseconds = 10_000;

    private bool _batteriesReady;

    // Synchronous continuations only ever wake the dedicated writer thread, so a caller's enqueue
    // never waits behind the thread pool's backlog to reach the writer.
    private readonly Channel<IWriteRequest> _requests = Channel.CreateUnbounded<IWriteRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly TaskCompletionSource _writerExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private SqliteConnection? _writeConnection;
    private WriteContext? _context;
    private Task? _loop;
    private bool _disposed;

    public EmbeddedDatabase(EmbeddedOptions options, ILogger<EmbeddedDatabase> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        FilePath = Path.GetFullPath(Path.Combine(options.DataDirectory, FileName));
        ReadConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    public string FilePath { get; }

    public string ReadConnectionString { get; }

    /// <summary>Raised on the writer loop after a batch that published to these topics committed.</summary>
    public event Action<IReadOnlyCollection<string>>? TopicsCommitted;

    public bool IsWriterRunning => _loop is { IsCompleted: false };

    public long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Runs <paramref name="work"/> in the next batch's transaction and returns its result once that
    /// transaction committed. Non-atomic work must change at most one row set with a single statement (SQLite
    /// undoes a failed statement by itself); anything else passes <paramref name="atomic"/> and gets a savepoint.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<WriteContext, T> work, bool atomic, CancellationToken cancellationToken = default)
    {
        await EnsureStartedAsync(cancellationToken);
        var request = new WriteRequest<T>(work, atomic, cancellationToken);
        if (!_requests.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(EmbeddedDatabase), "The embedded database is closed.");
        }

        return await request.Task;
    }

    /// <summary>A pooled read connection, opened. WAL readers see the last committed state and never block the writer.</summary>
    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken = default)
    {
        await EnsureStartedAsync(cancellationToken);
        var connection = new SqliteConnection(ReadConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task EnsureStartedAsync(CancellationToken cancellationToken = default)
    {
        if (_loop is not null)
        {
            return;
        }

        await _startLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loop is not null)
            {
                return;
            }

            InitializeBatteries();
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = FilePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Private,
                Pooling = false,
                DefaultTimeout = BusyTimeoutMilliseconds / 1000,
            }.ToString());
            try
            {
                connection.Open();
                ExecuteRaw(connection, $"PRAGMA busy_timeout={BusyTimeoutMilliseconds};");
                ExecuteRaw(connection, "PRAGMA journal_mode=WAL;");
                ExecuteRaw(connection, "PRAGMA synchronous=NORMAL;");
                ExecuteRaw(connection, "BEGIN IMMEDIATE;" + EmbeddedSchema.Create + "COMMIT;");
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            _writeConnection = connection;
            _context = new WriteContext(connection);
            // A thread of its own: under load the thread pool is full of handlers, and a writer queued
            // behind them would add their backlog to every durable write's latency.
            new Thread(RunWriter) { IsBackground = true, Name = "Embedded SQLite writer" }.Start();
            _loop = _writerExited.Task;
            _logger.LogInformation("Embedded building blocks use {Path}", FilePath);
        }
        finally
        {
            _startLock.Release();
        }
    }

    private void InitializeBatteries()
    {
        if (!_batteriesReady)
        {
            _logger.LogInformation("Embedded building blocks use the {Library} SQLite library", SqliteLibrary.Initialize());
            _batteriesReady = true;
        }
    }

    private void RunWriter()
    {
        try
        {
            WriteUntilCompleted();
        }
        finally
        {
            _writerExited.TrySetResult();
        }
    }

    private void WriteUntilCompleted()
    {
        var batch = new List<IWriteRequest>(MaxRequestsPerBatch);
        var reader = _requests.Reader;
        while (WaitForRequests(reader))
        {
            while (batch.Count < MaxRequestsPerBatch && reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            try
            {
                ExecuteBatch(batch);
            }
            catch (Exception ex)
            {
                // Never let the loop die: every caller in the batch learns of the failure instead.
                _logger.LogError(ex, "Embedded write batch of {Count} requests failed", batch.Count);
                foreach (var request in batch)
                {
                    request.Fail(ex);
                }
            }

            batch.Clear();
        }
    }

    private static bool WaitForRequests(ChannelReader<IWriteRequest> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void ExecuteBatch(List<IWriteRequest> batch)
    {
        var connection = _writeConnection!;
        var context = _context!;
        context.BeginBatch(Now);
        Execute(context, "BEGIN IMMEDIATE");
        try
        {
            foreach (var request in batch)
            {
                if (request.SkipIfCanceled())
                {
                    continue;
                }

                if (request.Atomic)
                {
                    Execute(context, "SAVEPOINT request");
                }

                try
                {
                    request.Execute(context);
                    if (request.Atomic)
                    {
                        Execute(context, "RELEASE request");
                    }
                }
                catch (Exception) when (InTransaction(connection))
                {
                    // The request's own failure (an ETag mismatch, a constraint): undo just its changes.
                    if (request.Atomic)
                    {
                        Execute(context, "ROLLBACK TO request");
                        Execute(context, "RELEASE request");
                    }
                }
            }

            Execute(context, "COMMIT");
        }
        catch
        {
            if (InTransaction(connection))
            {
                Execute(context, "ROLLBACK");
            }

            throw;
        }

        foreach (var request in batch)
        {
            request.Complete();
        }

        if (context.PublishedTopics.Count > 0)
        {
            try
            {
                TopicsCommitted?.Invoke(context.PublishedTopics);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Waking consumers after a commit failed");
            }
        }
    }

    private static bool InTransaction(SqliteConnection connection) =>
        SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0;

    private static void Execute(WriteContext context, string sql) => context.Command(sql).ExecuteNonQuery();

    private static void ExecuteRaw(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await _startLock.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _requests.Writer.TryComplete();
            if (_loop is not null)
            {
                await _loop;
            }

            _context?.DisposeCommands();
            if (_writeConnection is not null)
            {
                await _writeConnection.DisposeAsync();
            }

            if (_loop is not null)
            {
                // Release pooled reader handles so the file can be moved or deleted once the host is gone.
                using var pooled = new SqliteConnection(ReadConnectionString);
                SqliteConnection.ClearPool(pooled);
            }
        }
        finally
        {
            _startLock.Release();
        }
    }
}
