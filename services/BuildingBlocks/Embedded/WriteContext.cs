using Microsoft.Data.Sqlite;

namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// What a write request sees inside the writer's open transaction: prepared commands on the single
/// write connection, the batch's clock, and a place to note topics whose consumers should wake after commit.
/// </summary>
internal sealed class WriteContext(SqliteConnection connection)
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>Unix milliseconds when the batch began; one clock for every request in it.</summary>
    public long Now { get; private set; }

    internal HashSet<string> PublishedTopics { get; } = new(StringComparer.Ordinal);

    /// <summary>A command for <paramref name="sql"/>, prepared once and reused (parameters cleared).</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Parameters.Clear();
        return command;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> with these parameters. A statement's parameters are created on its first
    /// run and only their values change afterwards, so callers must pass the same names in the same order.
    /// </summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _commands[sql] = command;
        }

        var bound = command.Parameters;
        if (bound.Count != parameters.Length)
        {
            throw new InvalidOperationException("A statement must be run with the same parameters every time.");
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            bound[i].Value = parameters[i].Value ?? DBNull.Value;
        }

        return command.ExecuteNonQuery();
    }

    /// <summary>Wakes this process's consumers of <paramref name="topic"/> once the batch commits.</summary>
    public void Published(string topic) => PublishedTopics.Add(topic);

    internal void BeginBatch(long now)
    {
        Now = now;
        PublishedTopics.Clear();
    }

    internal void DisposeCommands()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
