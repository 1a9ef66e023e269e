using Dapr.Workflow;

namespace DaprChannels.IntegrationAdmin.Lifecycle.Activities;

/// <summary>What a webhook step did at the platform.</summary>
/// <param name="Applicable">False where the platform's webhook is set by hand (or no public URL is configured): nothing was done.</param>
public sealed record WebhookStepResult(bool Applicable, bool Ok, string Summary, IReadOnlyDictionary<string, string>? Details = null);

/// <summary>Tells the platform to deliver to the integration's webhook URL (Telegram's setWebhook, 360dialog's webhook config).</summary>
public sealed class RegisterWebhookActivity(WebhookRegistrar webhooks) : WorkflowActivity<string, WebhookStepResult>
{
    public override Task<WebhookStepResult> RunAsync(WorkflowActivityContext context, string integrationId) =>
        webhooks.RegisterAsync(integrationId, context.CancellationToken);
}

/// <summary>Tells the platform to stop delivering (Telegram's deleteWebhook): disconnecting, and undoing a registration.</summary>
public sealed class RemoveWebhookActivity(WebhookRegistrar webhooks) : WorkflowActivity<string, WebhookStepResult>
{
    public override Task<WebhookStepResult> RunAsync(WorkflowActivityContext context, string integrationId) =>
        webhooks.RemoveAsync(integrationId, context.CancellationToken);
}
