namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>
/// Which integrations rely on the webhook registration at a shared platform object (<see cref="DaprChannels.Channels.Abstractions.ISharedWebhook"/>):
/// a Messenger and a Lead Ads integration of one Page, the phone numbers of one WhatsApp Business Account. An
/// integration joins when its registration is done (or left to be done by hand) and leaves when it is removed; the
/// registration is removed at the platform only by the last to leave.
/// </summary>
public sealed class WebhookSubscribers(IStateStore state)
{
    public Task JoinAsync(string webhookObject, string integrationId, CancellationToken cancellationToken) =>
        state.UpdateAsync<List<string>>(IntegrationAdminStateKeys.WebhookSubscribers(webhookObject),
            current => current?.Contains(integrationId) == true ? null : [.. current ?? [], integrationId],
            cancellationToken: cancellationToken);

    /// <summary>Takes the integration off the object's list.</summary>
    /// <returns>Whether it was on the list, and the integrations that remain on it.</returns>
    public async Task<(bool WasMember, IReadOnlyList<string> Remaining)> LeaveAsync(string webhookObject, string integrationId, CancellationToken cancellationToken)
    {
        var wasMember = false;
        var left = await state.UpdateAsync<List<string>>(IntegrationAdminStateKeys.WebhookSubscribers(webhookObject), current =>
        {
            wasMember = current?.Contains(integrationId) == true;
            return wasMember ? current!.Where(id => id != integrationId).ToList() : null;
        }, cancellationToken: cancellationToken);
        return (wasMember, (left ?? []).Where(id => id != integrationId).ToList());
    }
}
