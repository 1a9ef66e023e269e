using Dapr.Workflow;

namespace DaprChannels.IntegrationAdmin.Lifecycle.Activities;

/// <summary>Claims the integration's platform account (its app-level route) for it; another holder is an answer, not an error.</summary>
public sealed class ClaimRouteActivity(IntegrationService integrations) : WorkflowActivity<string, RouteClaim>
{
    public override Task<RouteClaim> RunAsync(WorkflowActivityContext context, string integrationId) =>
        integrations.ClaimRouteAsync(integrationId, context.CancellationToken);
}

/// <summary>Releases the integration's platform account if it holds it (a compensation and a disconnect step; repeating it is harmless).</summary>
public sealed class ReleaseRouteActivity(IntegrationService integrations) : WorkflowActivity<string, bool>
{
    public override async Task<bool> RunAsync(WorkflowActivityContext context, string integrationId)
    {
        await integrations.ReleaseRouteAsync(integrationId, context.CancellationToken);
        return true;
    }
}
