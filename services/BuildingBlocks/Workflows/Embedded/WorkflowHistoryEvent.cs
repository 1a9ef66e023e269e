namespace DaprChannels.BuildingBlocks.Workflows.Embedded;

/// <summary>What an instance's history records; stored by name in <c>workflow_history.kind</c> and <c>workflow_inbox.kind</c>.</summary>
internal enum WorkflowEventKind
{
    /// <summary>The execution began; <c>data</c> is its input.</summary>
    ExecutionStarted,

    /// <summary>An orchestration step began; its time is the workflow's <c>CurrentUtcDateTime</c> from here on.</summary>
    StepStarted,

    ActivityScheduled,
    ActivityCompleted,

    /// <summary><c>data</c> is a <see cref="WorkflowFailure"/>.</summary>
    ActivityFailed,

    /// <summary><c>data</c> is the fire time (Unix milliseconds).</summary>
    TimerCreated,
    TimerFired,

    /// <summary>An external event; <c>name</c> is its name, <c>data</c> its payload.</summary>
    EventRaised,

    /// <summary>An event this workflow sent; <c>name</c> is the event, <c>data</c> the target instance.</summary>
    EventSent,
}

/// <summary>One entry of an instance's history (or inbox). <see cref="TaskId"/> is the workflow's sequence number for the call.</summary>
internal sealed record WorkflowHistoryEvent(WorkflowEventKind Kind, long Time, int? TaskId = null, string? Name = null, string? Data = null);

/// <summary>An activity's or a workflow's failure as recorded: the exception's type and message, never its stack.</summary>
internal sealed record WorkflowFailure(string ErrorType, string ErrorMessage);
