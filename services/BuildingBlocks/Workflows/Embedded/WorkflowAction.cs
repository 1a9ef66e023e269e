namespace DaprChannels.BuildingBlocks.Workflows.Embedded;

/// <summary>Something the workflow code asked for, numbered by its call order; a step records it and carries it out.</summary>
internal abstract record WorkflowAction(int TaskId)
{
    /// <summary>The history entry that records this action, matched against on every later replay.</summary>
    public abstract WorkflowHistoryEvent ToHistory(long now);

    public abstract string Describe();
}

internal sealed record ScheduleActivityAction(int TaskId, string Name, string? Input) : WorkflowAction(TaskId)
{
    public override WorkflowHistoryEvent ToHistory(long now) => new(WorkflowEventKind.ActivityScheduled, now, TaskId, Name);

    public override string Describe() => $"activity '{Name}'";
}

internal sealed record CreateTimerAction(int TaskId, long FireAt) : WorkflowAction(TaskId)
{
    public override WorkflowHistoryEvent ToHistory(long now) =>
        new(WorkflowEventKind.TimerCreated, now, TaskId, Data: FireAt.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override string Describe() => "a timer";
}

internal sealed record SendEventAction(int TaskId, string TargetInstanceId, string EventName, string? Payload) : WorkflowAction(TaskId)
{
    public override WorkflowHistoryEvent ToHistory(long now) => new(WorkflowEventKind.EventSent, now, TaskId, EventName, TargetInstanceId);

    public override string Describe() => $"event '{EventName}' sent to '{TargetInstanceId}'";
}
