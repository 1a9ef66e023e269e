using Dapr.Workflow;

namespace DaprChannels.IntegrationAdmin.Lifecycle.Activities;

/// <summary>
/// The last step of a connect: a pending integration that holds its platform account (or has none) becomes active,
/// which announces <c>integration.changed</c>. One that waits for the operator (its platform cannot prove the
/// account) stays pending, as does one someone disabled meanwhile. Returns the status it ends with.
/// </summary>
public sealed class ActivateIntegrationActivity(IntegrationService integrations) : WorkflowActivity<string, string?>
{
    public override async Task<string?> RunAsync(WorkflowActivityContext context, string integrationId)
    {
        var record = await integrations.GetAsync(integrationId, context.CancellationToken);
        if (record is null)
        {
            return null;
        }

        if (record.Status == IntegrationStatus.Pending && await integrations.HoldsAccountAsync(record, context.CancellationToken))
        {
            record = await integrations.SetLifecycleStatusAsync(integrationId, IntegrationStatus.Active, null, onlyFrom: IntegrationStatus.Pending, context.CancellationToken) ?? record;
        }

        return LifecycleStatus.Name(record.Status);
    }
}

/// <param name="Reason">Why, for the tenant to read (never a secret).</param>
public sealed record IntegrationStatusChange(string IntegrationId, IntegrationStatus Status, string? Reason, IntegrationStatus? OnlyFrom);

/// <summary>
/// Sets an integration's status as a lifecycle step decided: a failed connect leaves it pending with the reason
/// (one the platform refused stays needing re-authorization), a disconnect marks it disconnected.
/// </summary>
public sealed class SetIntegrationStatusActivity(IntegrationService integrations) : WorkflowActivity<IntegrationStatusChange, string?>
{
    public override async Task<string?> RunAsync(WorkflowActivityContext context, IntegrationStatusChange change)
    {
        var record = await integrations.SetLifecycleStatusAsync(change.IntegrationId, change.Status, change.Reason, change.OnlyFrom, context.CancellationToken);
        return record is null ? null : LifecycleStatus.Name(record.Status);
    }
}
