namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>
/// Registers and removes an integration's webhook at its platform, where the platform has an API for it and, for a
/// registration that names the gateway's URL (Telegram, 360dialog), a public base URL is configured; Meta's
/// subscribed_apps takes no URL and needs none. A refusal is returned; an exception (the platform unreachable) is
/// thrown. A registration several integrations share (<see cref="ISharedWebhook"/>: one Page for Messenger and Lead
/// Ads, one WhatsApp Business Account for its numbers) is removed only by the last of them that the gateway
/// registered, and never for an integration it did not register.
/// </summary>
public sealed class WebhookRegistrar(
    IntegrationService integrations, IntegrationDirectory directory, ChannelRegistry channels, WebhookSubscribers subscribers, IOptions<DaprChannelsOptions> options)
{
    /// <summary>Whether connecting registers this platform's webhook with the gateway's current settings.</summary>
    public static bool Registers(ChannelCapabilities capabilities, DaprChannelsOptions options) =>
        capabilities.CanRegisterWebhook && (!capabilities.WebhookNeedsPublicUrl || !string.IsNullOrEmpty(options.PublicBaseUrl));

    public async Task<WebhookStepResult> RegisterAsync(string integrationId, CancellationToken cancellationToken)
    {
        var record = await integrations.GetAsync(integrationId, cancellationToken);
        if (record is null)
        {
            return new WebhookStepResult(true, false, "The integration was deleted.");
        }

        var adapter = channels.Get<IChannelLifecycle>(record.Platform);
        if (!Registers(adapter.Capabilities, options.Value))
        {
            return new WebhookStepResult(false, true, adapter.Capabilities.CanRegisterWebhook
                ? "No public base URL is configured (DaprChannels:PublicBaseUrl): enter the webhook URL at the platform by hand."
                : "This platform's webhook is configured in its dashboard.");
        }

        var resolved = await directory.ResolveAsync(record, cancellationToken);
        var result = await adapter.RegisterWebhookAsync(resolved.Channel, WebhookUrl(record), cancellationToken);
        if (result.Ok && SharedObject(adapter, resolved.Channel) is { } shared)
        {
            await subscribers.JoinAsync(shared, record.Id, cancellationToken);
        }

        return new WebhookStepResult(!result.ByHand, result.Ok, result.Summary, result.Details);
    }

    public async Task<WebhookStepResult> RemoveAsync(string integrationId, CancellationToken cancellationToken)
    {
        var record = await integrations.GetAsync(integrationId, cancellationToken);
        if (record is null)
        {
            return new WebhookStepResult(false, true, "The integration was deleted.");
        }

        var adapter = channels.Get(record.Platform);
        if (!Registers(adapter.Capabilities, options.Value))
        {
            return new WebhookStepResult(false, true, "The gateway does not register this integration's webhook; remove it at the platform if it was set there.");
        }

        if (adapter is not IWebhookRemoval removal)
        {
            return new WebhookStepResult(false, true, "The platform has no call to remove a webhook: change or remove it at the platform by hand.");
        }

        var resolved = await directory.ResolveAsync(record, cancellationToken);
        if (SharedObject(adapter, resolved.Channel) is { } shared)
        {
            var (wasMember, remaining) = await subscribers.LeaveAsync(shared, record.Id, cancellationToken);
            if (!wasMember)
            {
                return new WebhookStepResult(false, true, "The gateway did not register this integration's webhook: it is left as it is at the platform.");
            }

            if (remaining.Count > 0)
            {
                return new WebhookStepResult(false, true,
                    $"The webhook registration is kept: {remaining.Count} other integration(s) of the same platform account rely on it ({string.Join(", ", remaining)}).");
            }
        }

        var result = await removal.RemoveWebhookAsync(resolved.Channel, WebhookUrl(record), cancellationToken);
        return new WebhookStepResult(!result.ByHand, result.Ok, result.Summary, result.Details);
    }

    private static string? SharedObject(IChannelAdapter adapter, ChannelIntegration integration) =>
        adapter is ISharedWebhook shared ? shared.WebhookObject(integration) : null;

    /// <summary>The integration's public webhook URL, or its path alone where no public base URL is configured (only for platforms whose registration takes none).</summary>
    private Uri WebhookUrl(IntegrationRecord record) =>
        string.IsNullOrEmpty(options.Value.PublicBaseUrl)
            ? new Uri($"/webhooks/{record.Platform}/{record.Id}", UriKind.Relative)
            : integrations.WebhookUrl(record, new Uri(options.Value.PublicBaseUrl));
}
