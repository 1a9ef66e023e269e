using Dapr.Workflow;

namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>
/// Disconnects an integration and keeps it, so that it can be connected again: its token refresh stopped, its
/// webhook removed at the platform (Telegram's deleteWebhook), its route claim released, and it marked
/// <see cref="IntegrationStatus.Disconnected"/>. Every step runs even when one before it failed, so no claim is
/// left behind because a platform was unreachable; the outcome says what could not be done.
/// </summary>
public sealed class DisconnectWorkflow : Workflow<LifecycleInput, LifecycleOutcome>
{
    public override async Task<LifecycleOutcome> RunAsync(WorkflowContext context, LifecycleInput input)
    {
        var id = input.IntegrationId;
        var details = new Dictionary<string, string>();
        var problems = new List<string>();

        context.EnterStep(LifecycleSteps.StopTokenRefresh);
        try
        {
            await context.CallActivityAsync<bool>(nameof(StopTokenRefreshActivity), id, LifecycleRetry.State);
        }
        catch (WorkflowTaskFailedException)
        {
            // The refresh instance ends by itself once it reads the integration as disconnected.
        }

        context.EnterStep(LifecycleSteps.UnregisterWebhook);
        try
        {
            var webhook = await context.CallActivityAsync<WebhookStepResult>(nameof(RemoveWebhookActivity), id, LifecycleRetry.Platform);
            details["webhook"] = webhook.Summary;
            if (!webhook.Ok)
            {
                problems.Add($"the platform did not remove the webhook ({webhook.Summary})");
            }
        }
        catch (WorkflowTaskFailedException)
        {
            problems.Add("the platform could not be reached to remove the webhook");
        }

        context.EnterStep(LifecycleSteps.ReleaseRoute);
        if (!await Compensation.ReleaseRouteAsync(context, id))
        {
            problems.Add("the route claim could not be released");
        }

        context.EnterStep(LifecycleSteps.MarkDisconnected);
        string? status;
        try
        {
            status = await context.CallActivityAsync<string?>(nameof(SetIntegrationStatusActivity),
                new IntegrationStatusChange(id, IntegrationStatus.Disconnected, "Disconnected on request; connect it again to receive.", OnlyFrom: null), LifecycleRetry.State);
        }
        catch (WorkflowTaskFailedException)
        {
            return new LifecycleOutcome(false, LifecycleSteps.MarkDisconnected, "The integration could not be marked disconnected. Try again later.", details);
        }

        if (status is null)
        {
            return new LifecycleOutcome(false, LifecycleSteps.MarkDisconnected, "The integration was deleted.", details);
        }

        context.EnterStep(LifecycleSteps.Done);
        return problems.Count == 0
            ? new LifecycleOutcome(true, LifecycleSteps.Done, "Disconnected.", details, status)
            : new LifecycleOutcome(false, LifecycleSteps.UnregisterWebhook, $"Disconnected, but {string.Join("; ", problems)}.", details, status);
    }
}
