using Dapr.Workflow;

namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>
/// The undo steps the lifecycle workflows share. Each reports whether it worked instead of throwing, so that one
/// undo that fails does not keep the next from running: no route claim is left behind because a platform was down.
/// </summary>
public static class Compensation
{
    public static async Task<bool> RemoveWebhookAsync(WorkflowContext context, string integrationId)
    {
        try
        {
            return (await context.CallActivityAsync<WebhookStepResult>(nameof(RemoveWebhookActivity), integrationId, LifecycleRetry.Platform)).Ok;
        }
        catch (WorkflowTaskFailedException)
        {
            return false;
        }
    }

    public static async Task<bool> ReleaseRouteAsync(WorkflowContext context, string integrationId)
    {
        try
        {
            return await context.CallActivityAsync<bool>(nameof(ReleaseRouteActivity), integrationId, LifecycleRetry.State);
        }
        catch (WorkflowTaskFailedException)
        {
            return false;
        }
    }
}
