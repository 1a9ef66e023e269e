using System.Globalization;
using DaprChannels.BuildingBlocks.Embedded;
using Microsoft.Data.Sqlite;

namespace DaprChannels.BuildingBlocks.Workflows.Embedded;

internal sealed record WorkflowInstanceRow(
    string InstanceId,
    string WorkflowName,
    WorkflowInstanceStatus Status,
    long Execution,
    int HistoryLength,
    string? Input,
    string? Output,
    string? CustomStatus,
    string? FailureMessage,
    long CreatedAt,
    long UpdatedAt)
{
    public bool IsActive => Status is WorkflowInstanceStatus.Pending or WorkflowInstanceStatus.Running;
}

internal sealed record InboxEntry(long Id, WorkflowHistoryEvent Event);

internal sealed record ActivityWork(long Id, string InstanceId, long Execution, int TaskId, string Name, string? Input);

/// <summary>What a step read: the instance, its history and the inbox entries visible now.</summary>
internal sealed record WorkflowStepInput(WorkflowInstanceRow Instance, IReadOnlyList<WorkflowHistoryEvent> History, IReadOnlyList<InboxEntry> Inbox);

/// <summary>A step's commit found the instance changed under it (terminated, or stepped by someone else); it is discarded.</summary>
internal sealed class WorkflowStepConflictException(string instanceId)
    : Exception($"Workflow instance '{instanceId}' changed during its step; the step is discarded.");

/// <summary>
/// The workflow tables' statements (see <see cref="EmbeddedSchema"/>). Writes run in the batching writer's
/// transaction; a step's commit is atomic and conditional on the history length it replayed, so a step that raced
/// a terminate or a restart changes nothing.
/// </summary>
internal sealed class EmbeddedWorkflowStore(EmbeddedDatabase database)
{
    private const string Active = "status IN ('Pending', 'Running')";

    private const string InsertInboxSql = """
        INSERT INTO workflow_inbox (instance_id, execution, kind, task_id, name, data, visible_at)
        VALUES (@instance_id, @execution, @kind, @task_id, @name, @data, @visible_at)
        """;

    private const string InsertInboxIfActiveSql = $"""
        INSERT INTO workflow_inbox (instance_id, execution, kind, task_id, name, data, visible_at)
        SELECT instance_id, execution, @kind, @task_id, @name, @data, @visible_at FROM workflow_instances
        WHERE instance_id = @instance_id AND (@execution IS NULL OR execution = @execution) AND {Active}
        """;

    private const string InsertHistorySql = """
        INSERT INTO workflow_history (instance_id, position, kind, task_id, name, data, time)
        VALUES (@instance_id, @position, @kind, @task_id, @name, @data, @time)
        """;

    private const string InsertActivitySql = """
        INSERT INTO workflow_activities (instance_id, execution, task_id, name, input, created_at)
        VALUES (@instance_id, @execution, @task_id, @name, @input, @now)
        """;

    private const string SelectInstanceSql = """
        SELECT instance_id, workflow_name, status, execution, history_length, input, output, custom_status, failure_message, created_at, updated_at
        FROM workflow_instances WHERE instance_id = @instance_id
        """;

    public EmbeddedDatabase Database => database;

    /// <summary>Records a new instance with its start in the inbox; an active instance of the id refuses, a finished one is replaced.</summary>
    public Task StartAsync(string workflowName, string instanceId, string? input, CancellationToken cancellationToken) =>
        database.WriteAsync(
            context =>
            {
                var existing = ReadInstance(context, instanceId);
                if (existing is { IsActive: true })
                {
                    throw new WorkflowInstanceExistsException(instanceId);
                }

                var execution = (existing?.Execution ?? 0) + 1;
                DeleteInstanceData(context, instanceId, keepInstance: false);
                context.Execute(
                    """
                    INSERT INTO workflow_instances (instance_id, workflow_name, status, execution, history_length, input, created_at, updated_at)
                    VALUES (@instance_id, @workflow_name, 'Pending', @execution, 0, @input, @now, @now)
                    """,
                    ("@instance_id", instanceId), ("@workflow_name", workflowName), ("@execution", execution), ("@input", input), ("@now", context.Now));
                InsertInbox(context, instanceId, execution, new WorkflowHistoryEvent(WorkflowEventKind.ExecutionStarted, context.Now, Data: input), context.Now);
                return true;
            },
            atomic: true,
            cancellationToken);

    /// <summary>Queues an external event for the instance's current execution; false when it is not active.</summary>
    public Task<bool> RaiseEventAsync(string instanceId, string eventName, string? payload, CancellationToken cancellationToken) =>
        database.WriteAsync(
            context => context.Execute(
                InsertInboxIfActiveSql,
                ("@kind", nameof(WorkflowEventKind.EventRaised)), ("@task_id", null), ("@name", eventName), ("@data", payload),
                ("@visible_at", context.Now), ("@instance_id", instanceId), ("@execution", null)) > 0,
            atomic: false,
            cancellationToken);

    /// <summary>Ends an active instance as terminated and drops its pending work; false when it was not active.</summary>
    public Task<bool> TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        database.WriteAsync(
            context =>
            {
                var ended = context.Execute(
                    $"""
                    UPDATE workflow_instances SET status = 'Terminated', output = @output, updated_at = @now, completed_at = @now
                    WHERE instance_id = @instance_id AND {Active}
                    """,
                    ("@output", WorkflowJson.Serialize(reason)), ("@now", context.Now), ("@instance_id", instanceId));
                if (ended > 0)
                {
                    DeletePendingWork(context, instanceId);
                }

                return ended > 0;
            },
            atomic: true,
            cancellationToken);

    public async Task<WorkflowInstanceRow?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectInstanceSql;
        command.Parameters.AddWithValue("@instance_id", instanceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadInstance(reader) : null;
    }

    /// <summary>The instance, its history and its visible inbox, from one snapshot; null when there is nothing to step.</summary>
    public async Task<WorkflowStepInput?> LoadStepAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        WorkflowInstanceRow? instance;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = SelectInstanceSql;
            command.Parameters.AddWithValue("@instance_id", instanceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            instance = await reader.ReadAsync(cancellationToken) ? ReadInstance(reader) : null;
        }

        if (instance is not { IsActive: true })
        {
            return null;
        }

        var inbox = new List<InboxEntry>();
        await using (var command = connection.CreateCommand())
        {
            // The execution's start first: events that came with it (carried over) are buffered for its waits.
            command.CommandText = """
                SELECT id, kind, task_id, name, data, visible_at FROM workflow_inbox
                WHERE instance_id = @instance_id AND execution = @execution AND visible_at <= @now
                ORDER BY kind <> 'ExecutionStarted', id
                """;
            command.Parameters.AddWithValue("@instance_id", instanceId);
            command.Parameters.AddWithValue("@execution", instance.Execution);
            command.Parameters.AddWithValue("@now", database.Now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inbox.Add(new InboxEntry(reader.GetInt64(0), ReadEvent(reader, 1, time: reader.GetInt64(5))));
            }
        }

        if (inbox.Count == 0)
        {
            return null;
        }

        var history = new List<WorkflowHistoryEvent>(instance.HistoryLength);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT kind, task_id, name, data, time FROM workflow_history WHERE instance_id = @instance_id ORDER BY position
                """;
            command.Parameters.AddWithValue("@instance_id", instanceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                history.Add(ReadEvent(reader, 0, time: reader.GetInt64(4)));
            }
        }

        return new WorkflowStepInput(instance, history, inbox);
    }

    /// <summary>
    /// Records a step: consumes its inbox entries, appends them and its actions to the history, schedules the actions
    /// (activities to run, timers as future inbox entries, events into their target's inbox) and stores the outcome.
    /// </summary>
    public Task CommitStepAsync(WorkflowStepInput input, IReadOnlyList<WorkflowHistoryEvent> newEntries, WorkflowStepOutcome outcome, CancellationToken cancellationToken) =>
        database.WriteAsync(
            context =>
            {
                var instance = input.Instance;
                var id = instance.InstanceId;
                var recorded = new List<WorkflowHistoryEvent>(newEntries);
                recorded.AddRange(outcome.Actions.Select(a => a.ToHistory(context.Now)));
                var (status, completedAt) = outcome.Result switch
                {
                    WorkflowStepResult.Completed => ("Completed", (long?)context.Now),
                    WorkflowStepResult.Failed => ("Failed", context.Now),
                    _ => ("Running", null),
                };
                var updated = context.Execute(
                    $"""
                    UPDATE workflow_instances SET status = @status, history_length = @history_length, custom_status = @custom_status,
                        output = @output, failure_type = @failure_type, failure_message = @failure_message, updated_at = @now, completed_at = @completed_at
                    WHERE instance_id = @instance_id AND execution = @execution AND history_length = @expected_length AND {Active}
                    """,
                    ("@status", status),
                    ("@history_length", instance.HistoryLength + recorded.Count),
                    ("@custom_status", outcome.CustomStatus),
                    ("@output", outcome.Result == WorkflowStepResult.Completed ? outcome.Output : null),
                    ("@failure_type", outcome.Failure?.ErrorType),
                    ("@failure_message", outcome.Failure?.ErrorMessage),
                    ("@now", context.Now),
                    ("@completed_at", completedAt),
                    ("@instance_id", id),
                    ("@execution", instance.Execution),
                    ("@expected_length", instance.HistoryLength));
                if (updated == 0)
                {
                    throw new WorkflowStepConflictException(id);
                }

                foreach (var entry in input.Inbox)
                {
                    context.Execute("DELETE FROM workflow_inbox WHERE id = @id", ("@id", entry.Id));
                }

                for (var i = 0; i < recorded.Count; i++)
                {
                    var entry = recorded[i];
                    context.Execute(
                        InsertHistorySql,
                        ("@instance_id", id), ("@position", instance.HistoryLength + i), ("@kind", entry.Kind.ToString()),
                        ("@task_id", entry.TaskId), ("@name", entry.Name), ("@data", entry.Data), ("@time", entry.Time));
                }

                foreach (var action in outcome.Actions)
                {
                    Schedule(context, instance, action);
                }

                switch (outcome.Result)
                {
                    case WorkflowStepResult.Completed or WorkflowStepResult.Failed:
                        DeletePendingWork(context, id);
                        break;
                    case WorkflowStepResult.ContinuedAsNew:
                        ContinueAsNew(context, instance, outcome);
                        break;
                }

                return true;
            },
            atomic: true,
            cancellationToken);

    /// <summary>Pending activities, oldest first.</summary>
    public async Task<IReadOnlyList<ActivityWork>> ListActivitiesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, instance_id, execution, task_id, name, input FROM workflow_activities ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var work = new List<ActivityWork>();
        while (await reader.ReadAsync(cancellationToken))
        {
            work.Add(new ActivityWork(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return work;
    }

    /// <summary>Records an activity's result in its instance's inbox and removes the work; false when the work was already gone.</summary>
    public Task<bool> CompleteActivityAsync(ActivityWork work, WorkflowEventKind kind, string? data, CancellationToken cancellationToken) =>
        database.WriteAsync(
            context =>
            {
                if (context.Execute("DELETE FROM workflow_activities WHERE id = @id", ("@id", work.Id)) == 0)
                {
                    return false;
                }

                context.Execute(
                    InsertInboxIfActiveSql,
                    ("@kind", kind.ToString()), ("@task_id", work.TaskId), ("@name", null), ("@data", data),
                    ("@visible_at", context.Now), ("@instance_id", work.InstanceId), ("@execution", work.Execution));
                return true;
            },
            atomic: true,
            cancellationToken);

    /// <summary>Active instances with inbox entries visible now, and when the next future entry (a timer) comes due.</summary>
    public async Task<(IReadOnlyList<string> Due, long? NextDueAt)> FindDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var now = database.Now;
        var due = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT DISTINCT instance_id FROM workflow_inbox WHERE visible_at <= @now";
            command.Parameters.AddWithValue("@now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(reader.GetString(0));
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT min(visible_at) FROM workflow_inbox WHERE visible_at > @now";
            command.Parameters.AddWithValue("@now", now);
            var next = await command.ExecuteScalarAsync(cancellationToken);
            return (due, next is null or DBNull ? null : Convert.ToInt64(next, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Removes up to <paramref name="limit"/> instances that finished before <paramref name="finishedBefore"/>, with their history.</summary>
    public Task<int> PurgeFinishedAsync(long finishedBefore, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync(
            context =>
            {
                var ids = new List<string>();
                var select = context.Command("SELECT instance_id FROM workflow_instances WHERE completed_at < @before LIMIT @limit");
                select.Parameters.AddWithValue("@before", finishedBefore);
                select.Parameters.AddWithValue("@limit", limit);
                using (var reader = select.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        ids.Add(reader.GetString(0));
                    }
                }

                foreach (var id in ids)
                {
                    DeleteInstanceData(context, id, keepInstance: false);
                }

                return ids.Count;
            },
            atomic: true,
            cancellationToken);

    private static void Schedule(WriteContext context, WorkflowInstanceRow instance, WorkflowAction action)
    {
        switch (action)
        {
            case ScheduleActivityAction activity:
                context.Execute(
                    InsertActivitySql,
                    ("@instance_id", instance.InstanceId), ("@execution", instance.Execution), ("@task_id", activity.TaskId),
                    ("@name", activity.Name), ("@input", activity.Input), ("@now", context.Now));
                break;
            case CreateTimerAction timer:
                InsertInbox(context, instance.InstanceId, instance.Execution, new WorkflowHistoryEvent(WorkflowEventKind.TimerFired, timer.FireAt, timer.TaskId), timer.FireAt);
                break;
            case SendEventAction send:
                context.Execute(
                    InsertInboxIfActiveSql,
                    ("@kind", nameof(WorkflowEventKind.EventRaised)), ("@task_id", null), ("@name", send.EventName), ("@data", send.Payload),
                    ("@visible_at", context.Now), ("@instance_id", send.TargetInstanceId), ("@execution", null));
                break;
        }
    }

    private static void ContinueAsNew(WriteContext context, WorkflowInstanceRow instance, WorkflowStepOutcome outcome)
    {
        var id = instance.InstanceId;
        var execution = instance.Execution + 1;

        // Events that arrived during the step were not seen by it: they belong to the new execution.
        context.Execute(
            "DELETE FROM workflow_inbox WHERE instance_id = @instance_id AND kind <> 'EventRaised'", ("@instance_id", id));
        context.Execute(
            "UPDATE workflow_inbox SET execution = @execution WHERE instance_id = @instance_id",
            ("@execution", execution), ("@instance_id", id));
        context.Execute("DELETE FROM workflow_activities WHERE instance_id = @instance_id", ("@instance_id", id));
        context.Execute("DELETE FROM workflow_history WHERE instance_id = @instance_id", ("@instance_id", id));
        context.Execute(
            """
            UPDATE workflow_instances SET execution = @execution, history_length = 0, input = @input, output = NULL, custom_status = NULL, updated_at = @now
            WHERE instance_id = @instance_id
            """,
            ("@execution", execution), ("@input", outcome.Output), ("@now", context.Now), ("@instance_id", id));
        InsertInbox(context, id, execution, new WorkflowHistoryEvent(WorkflowEventKind.ExecutionStarted, context.Now, Data: outcome.Output), context.Now);
        foreach (var carried in outcome.CarriedEvents ?? [])
        {
            InsertInbox(context, id, execution, carried, context.Now);
        }
    }

    private static void InsertInbox(WriteContext context, string instanceId, long execution, WorkflowHistoryEvent entry, long visibleAt) =>
        context.Execute(
            InsertInboxSql,
            ("@instance_id", instanceId), ("@execution", execution), ("@kind", entry.Kind.ToString()), ("@task_id", entry.TaskId),
            ("@name", entry.Name), ("@data", entry.Data), ("@visible_at", visibleAt));

    private static void DeletePendingWork(WriteContext context, string instanceId)
    {
        context.Execute("DELETE FROM workflow_inbox WHERE instance_id = @instance_id", ("@instance_id", instanceId));
        context.Execute("DELETE FROM workflow_activities WHERE instance_id = @instance_id", ("@instance_id", instanceId));
    }

    private static void DeleteInstanceData(WriteContext context, string instanceId, bool keepInstance)
    {
        DeletePendingWork(context, instanceId);
        context.Execute("DELETE FROM workflow_history WHERE instance_id = @instance_id", ("@instance_id", instanceId));
        if (!keepInstance)
        {
            context.Execute("DELETE FROM workflow_instances WHERE instance_id = @instance_id", ("@instance_id", instanceId));
        }
    }

    private static WorkflowInstanceRow? ReadInstance(WriteContext context, string instanceId)
    {
        var command = context.Command(SelectInstanceSql);
        command.Parameters.AddWithValue("@instance_id", instanceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadInstance(reader) : null;
    }

    private static WorkflowInstanceRow ReadInstance(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Enum.Parse<WorkflowInstanceStatus>(reader.GetString(2)),
        reader.GetInt64(3),
        reader.GetInt32(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.GetInt64(9),
        reader.GetInt64(10));

    private static WorkflowHistoryEvent ReadEvent(SqliteDataReader reader, int first, long time) => new(
        Enum.Parse<WorkflowEventKind>(reader.GetString(first)),
        time,
        reader.IsDBNull(first + 1) ? null : reader.GetInt32(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
        reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3));
}
