using Dapr.Workflow;

namespace DaprChannels.BuildingBlocks.Workflows.Embedded;

/// <summary>How one orchestration step ended.</summary>
internal enum WorkflowStepResult
{
    /// <summary>Still waiting: the step's new actions are to be recorded and carried out.</summary>
    Running,
    Completed,
    Failed,

    /// <summary>The code called ContinueAsNew: a new execution starts from empty history with the new input.</summary>
    ContinuedAsNew,
}

internal sealed record WorkflowStepOutcome(
    WorkflowStepResult Result,
    IReadOnlyList<WorkflowAction> Actions,
    string? CustomStatus,
    string? Output = null,
    WorkflowFailure? Failure = null,
    IReadOnlyList<WorkflowHistoryEvent>? CarriedEvents = null);

/// <summary>
/// One orchestration step: runs the workflow from its start over the recorded history (replaying), then over the
/// step's new entries, pumping the code's continuations after each entry so it runs as far as it can.
/// </summary>
internal static class WorkflowReplay
{
    public static WorkflowStepOutcome Run(
        IWorkflow workflow,
        ReplayWorkflowContext context,
        IReadOnlyList<WorkflowHistoryEvent> history,
        IReadOnlyList<WorkflowHistoryEvent> newEntries)
    {
        var pump = new WorkflowSynchronizationContext();
        var previous = SynchronizationContext.Current;
        Task<object?>? run = null;
        SynchronizationContext.SetSynchronizationContext(pump);
        try
        {
            context.Replaying = true;
            foreach (var entry in history)
            {
                Feed(entry);
                if (context.NonDeterminism is not null)
                {
                    return Failed(context, new WorkflowFailure("NonDeterministicWorkflow", context.NonDeterminism));
                }
            }

            context.Replaying = false;
            foreach (var entry in newEntries)
            {
                Feed(entry);
            }
        }
        catch (Exception ex) when (run is null)
        {
            // The input did not deserialize into the workflow's input type.
            return Failed(context, Failure(ex));
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (run is null)
        {
            return new WorkflowStepOutcome(WorkflowStepResult.Running, [.. context.NewActions], WorkflowJson.Serialize(context.CustomStatus));
        }

        if (run.IsFaulted || run.IsCanceled)
        {
            var error = run.IsFaulted ? run.Exception!.InnerException ?? run.Exception : new TaskCanceledException(run);
            return Failed(context, Failure(error));
        }

        if (context.ContinuedAsNew)
        {
            return new WorkflowStepOutcome(
                WorkflowStepResult.ContinuedAsNew,
                [.. context.NewActions.OfType<SendEventAction>()],
                CustomStatus: null,
                Output: WorkflowJson.Serialize(context.ContinueAsNewInput),
                CarriedEvents: context.PreserveUnprocessedEvents ? [.. context.UnclaimedEvents] : []);
        }

        if (run.IsCompletedSuccessfully)
        {
            return new WorkflowStepOutcome(
                WorkflowStepResult.Completed,
                [.. context.NewActions.OfType<SendEventAction>()],
                WorkflowJson.Serialize(context.CustomStatus),
                Output: WorkflowJson.Serialize(run.Result, workflow.OutputType));
        }

        return new WorkflowStepOutcome(WorkflowStepResult.Running, [.. context.NewActions], WorkflowJson.Serialize(context.CustomStatus));

        void Feed(WorkflowHistoryEvent entry)
        {
            if (entry.Kind == WorkflowEventKind.ExecutionStarted)
            {
                var input = WorkflowJson.Deserialize(entry.Data, workflow.InputType);
                run = workflow.RunAsync(context, input);
            }
            else
            {
                context.Apply(entry);
            }

            pump.Pump();
        }
    }

    public static WorkflowFailure Failure(Exception exception) =>
        new(exception.GetType().FullName ?? exception.GetType().Name, exception.Message);

    private static WorkflowStepOutcome Failed(ReplayWorkflowContext context, WorkflowFailure failure) =>
        new(WorkflowStepResult.Failed, [], WorkflowJson.Serialize(context.CustomStatus), Failure: failure);
}
