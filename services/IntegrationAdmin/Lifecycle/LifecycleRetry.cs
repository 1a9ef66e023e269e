using Dapr.Workflow;

namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>
/// Retry policies of lifecycle activities. An activity throws only for what may pass (the platform unreachable,
/// the state store busy); a refusal is an answer, returned, and never retried.
/// </summary>
public static class LifecycleRetry
{
    /// <summary>Calls to a platform: a few attempts over about half a minute, then the step fails and the saga compensates.</summary>
    public static readonly WorkflowTaskOptions Platform = new(new WorkflowRetryPolicy(
        maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(15)));

    /// <summary>
    /// Our own state (claims, records, status): retried longer, since a compensation that gives up would leave a
    /// claim behind.
    /// </summary>
    public static readonly WorkflowTaskOptions State = new(new WorkflowRetryPolicy(
        maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));
}
