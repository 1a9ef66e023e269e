namespace DaprChannels.IntegrationAdmin.Lifecycle;

public enum OperationKind
{
    Connect,
    Test,
    Refresh,
    Disconnect,
}

/// <summary>
/// What the admin API keeps of a lifecycle operation: whose it is and which workflow instance runs it. Its
/// progress, result and error are the instance's (custom status, output, failure), read when asked.
/// </summary>
/// <param name="Id">Opaque and unguessable; also the workflow instance id.</param>
public sealed record LifecycleOperation(
    string Id,
    OperationKind Kind,
    string TenantId,
    string IntegrationId,
    string WorkflowName,
    DateTimeOffset StartedAt);

/// <summary>The workflow's custom status: the step it is at, shown as the operation's <c>step</c>.</summary>
public sealed record LifecycleProgress(string Step);

/// <summary>
/// What a lifecycle workflow returns. A workflow that could not do what was asked still completes, with
/// <paramref name="Succeeded"/> false and the reason in <paramref name="Summary"/> (never a secret): the
/// compensation ran and the reason is for the tenant to read.
/// </summary>
/// <param name="Step">The step that decided the outcome (for a failure, the step that failed).</param>
/// <param name="Details">The platform's findings (check results, bot name, expiry), as the credential checks report them.</param>
/// <param name="IntegrationStatus">The integration's status when the workflow finished, when it still exists.</param>
public sealed record LifecycleOutcome(
    bool Succeeded,
    string Step,
    string Summary,
    IReadOnlyDictionary<string, string>? Details = null,
    string? IntegrationStatus = null);
