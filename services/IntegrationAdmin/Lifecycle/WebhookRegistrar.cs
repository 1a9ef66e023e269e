using DaprChannels.Channels.Abstractions;
using DaprChannels.IntegrationAdmin.Integrations;
using DaprChannels.IntegrationAdmin.Lifecycle.Activities;
using DaprChannels.ServiceDefaults;
using DaprChannels.ServiceDefaults.Integrations;
using Microsoft.Extensions.Options;

namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>
/// Registers and removes an integration's webhook at its platform, where the platform has an API for it and a
/// public base URL is configured. A refusal is returned; an exception (the platform unreachable) is thrown.
/// </summary>
public sealed class WebhookRegistrar(IntegrationService integrations, IntegrationDirectory directory, ChannelRegistry channels, IOptions<DaprChannelsOptions> options)
{
    public async Task<WebhookStepResult> RegisterAsync(string integrationId, CancellationToken cancellationToken)
    {
        var record = await integrations.GetAsync(integrationId, cancellationToken);
        if (record is null)
        {
            return new WebhookStepResult(true, false, "The integration was deleted.");
        }

        var adapter = channels.Get(record.Platform);
        if (!adapter.Capabilities.CanRegisterWebhook || PublicBase is not { } publicBase)
        {
            return new WebhookStepResult(false, true, adapter.Capabilities.CanRegisterWebhook
                ? "No public base URL is configured (DaprChannels:PublicBaseUrl): enter the webhook URL at the platform by hand."
                : "This platform's webhook is configured in its dashboard.");
        }

        var resolved = await directory.ResolveAsync(record, cancellationToken);
        var result = await adapter.RegisterWebhookAsync(resolved.Channel, integrations.WebhookUrl(record, publicBase), cancellationToken);
        return new WebhookStepResult(true, result.Ok, result.Summary, result.Details);
    }

    public async Task<WebhookStepResult> RemoveAsync(string integrationId, CancellationToken cancellationToken)
    {
        var record = await integrations.GetAsync(integrationId, cancellationToken);
        if (record is null)
        {
            return new WebhookStepResult(false, true, "The integration was deleted.");
        }

        var adapter = channels.Get(record.Platform);
        if (!adapter.Capabilities.CanRegisterWebhook || PublicBase is not { } publicBase)
        {
            return new WebhookStepResult(false, true, "The gateway does not register this integration's webhook; remove it at the platform if it was set there.");
        }

        if (adapter is not IWebhookRemoval removal)
        {
            return new WebhookStepResult(false, true, "The platform has no call to remove a webhook: change or remove it at the platform by hand.");
        }

        var resolved = await directory.ResolveAsync(record, cancellationToken);
        var result = await removal.RemoveWebhookAsync(resolved.Channel, integrations.WebhookUrl(record, publicBase), cancellationToken);
        return new WebhookStepResult(true, result.Ok, result.Summary, result.Details);
    }

    private Uri? PublicBase => string.IsNullOrEmpty(options.Value.PublicBaseUrl) ? null : new Uri(options.Value.PublicBaseUrl);
}
