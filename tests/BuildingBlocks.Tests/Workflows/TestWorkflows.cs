using System.Collections.Concurrent;
using Dapr.Workflow;

namespace DaprChannels.BuildingBlocks.Tests.Workflows;

/// <summary>What the test workflows and activities did, and the switches a test turns; shared by hosts on one file.</summary>
public sealed class WorkflowProbe
{
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);

    public int RunsOf(string activity) => _runs.GetValueOrDefault(activity);

    public int Ran(string activity) => _runs.AddOrUpdate(activity, 1, (_, n) => n + 1);

    /// <summary>Held closed, <see cref="GatedActivity"/> waits until the test opens it (or the host stops).</summary>
    public TaskCompletionSource Gate { get; set; } = Open();

    public int FailuresBeforeSuccess { get; set; }

    public static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    public static TaskCompletionSource Closed() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class GreetActivity(WorkflowProbe probe) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        probe.Ran(nameof(GreetActivity));
        return Task.FromResult($"hello {input}");
    }
}

public sealed class ShoutActivity(WorkflowProbe probe) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        probe.Ran(nameof(ShoutActivity));
        return Task.FromResult(input.ToUpperInvariant());
    }
}

public sealed class GatedActivity(WorkflowProbe probe) : WorkflowActivity<string, string>
{
    public override async Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        probe.Ran(nameof(GatedActivity));
        await probe.Gate.Task.WaitAsync(context.CancellationToken);
        return input + "!";
    }
}

public sealed class FlakyActivity(WorkflowProbe probe) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        var attempt = probe.Ran(nameof(FlakyActivity));
        return attempt <= probe.FailuresBeforeSuccess
            ? throw new InvalidOperationException($"attempt {attempt} failed")
            : Task.FromResult($"{input} after {attempt}");
    }
}

/// <summary>Two activities in a row.</summary>
public sealed class GreetingWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        var greeting = await context.CallActivityAsync<string>(nameof(GreetActivity), input);
        return await context.CallActivityAsync<string>(nameof(ShoutActivity), greeting);
    }
}

/// <summary>A completed activity, then one that may be held at the gate.</summary>
public sealed class GatedWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        var greeting = await context.CallActivityAsync<string>(nameof(GreetActivity), input);
        return await context.CallActivityAsync<string>(nameof(GatedActivity), greeting);
    }
}

public sealed class RetryingWorkflow : Workflow<string, string>
{
    public static readonly WorkflowRetryPolicy Policy = new(
        maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(10), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1));

    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        try
        {
            return await context.CallActivityAsync<string>(nameof(FlakyActivity), input, new WorkflowTaskOptions(Policy));
        }
        catch (WorkflowTaskFailedException ex)
        {
            return $"gave up: {ex.FailureDetails.ErrorMessage} ({ex.FailureDetails.ErrorType})";
        }
    }
}

public sealed class SleepingWorkflow : Workflow<int, DateTime>
{
    public override async Task<DateTime> RunAsync(WorkflowContext context, int minutes)
    {
        await context.CreateTimer(TimeSpan.FromMinutes(minutes));
        return context.CurrentUtcDateTime;
    }
}

/// <summary>Runs the gated activity, then waits for an approval for ten minutes.</summary>
public sealed class ApprovalWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        context.SetCustomStatus(new ApprovalStatus("preparing"));
        await context.CallActivityAsync<string>(nameof(GatedActivity), input);
        context.SetCustomStatus(new ApprovalStatus("awaiting approval"));
        try
        {
            var approver = await context.WaitForExternalEventAsync<string>("approved", TimeSpan.FromMinutes(10));
            return $"approved by {approver}";
        }
        catch (TaskCanceledException)
        {
            return "timed out";
        }
    }
}

public sealed record ApprovalStatus(string Stage);

public sealed record Tally(int Remaining, int Sum);

/// <summary>Adds one "add" event per execution, continuing as new until none remain; unclaimed events carry over.</summary>
public sealed class TallyWorkflow : Workflow<Tally, int>
{
    public override async Task<int> RunAsync(WorkflowContext context, Tally input)
    {
        context.SetCustomStatus(input);
        if (input.Remaining == 0)
        {
            return input.Sum;
        }

        var value = await context.WaitForExternalEventAsync<int>("add");
        context.ContinueAsNew(new Tally(input.Remaining - 1, input.Sum + value), preserveUnprocessedEvents: true);
        return -1;
    }
}

/// <summary>
/// Asks for a different first activity once a test flips <see cref="TakeOtherBranch"/> (a static: workflows take
/// no services), as a redeployed workflow with reordered steps would: the history then no longer matches.
/// </summary>
public sealed class BranchingWorkflow : Workflow<string, string>
{
    public static volatile bool TakeOtherBranch;

    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        var first = TakeOtherBranch ? nameof(ShoutActivity) : nameof(GatedActivity);
        var result = await context.CallActivityAsync<string>(first, input);
        return await context.CallActivityAsync<string>(nameof(GreetActivity), result);
    }
}

/// <summary>
/// Sends the activity's answer to another instance. The first GUID is computed in the first step and handed to the
/// activity, then computed again by every replay: the output shows the last replay's value.
/// </summary>
public sealed class RelayWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string target)
    {
        var first = context.NewGuid();
        var greeting = await context.CallActivityAsync<string>(nameof(GreetActivity), first.ToString());
        context.SendEvent(target, "approved", greeting);
        return $"{first}|{context.NewGuid()}";
    }
}
