namespace DaprChannels.IntegrationAdmin.Leads;

/// <summary>
/// The only writer of <c>lead:*</c> and <c>lead-index:*</c>. A lead is kept for
/// <see cref="Retention"/>: the gateway hands leads on, it is not where they live (they are personal
/// data). The index keeps the newest <see cref="MaxIndexed"/> per integration, so a listing is bounded.
/// </summary>
public sealed class LeadStore(IStateStore state)
{
    public const int MaxIndexed = 1000;

    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    /// <summary>Stores the lead; a redelivery writes the same record and leaves the index as it is.</summary>
    public async Task SaveAsync(StoredLead lead, CancellationToken cancellationToken)
    {
        await state.SaveAsync(IntegrationAdminStateKeys.Lead(lead.IntegrationId, lead.LeadId), lead, new StateWriteOptions(Ttl: Retention), cancellationToken);
        await state.UpdateAsync<List<LeadIndexEntry>>(IntegrationAdminStateKeys.LeadIndex(lead.IntegrationId), index =>
        {
            if (index?.Any(e => e.LeadId == lead.LeadId) == true)
            {
                return null;
            }

            return [.. new[] { new LeadIndexEntry(lead.LeadId, lead.CapturedAt) }
                .Concat(index ?? [])
                .OrderByDescending(e => e.CapturedAt)
                .ThenByDescending(e => e.LeadId, StringComparer.Ordinal)
                .Take(MaxIndexed)];
        }, cancellationToken: cancellationToken);
    }

    public async Task<StoredLead?> FindAsync(string integrationId, string leadId, CancellationToken cancellationToken) =>
        (await state.GetAsync<StoredLead>(IntegrationAdminStateKeys.Lead(integrationId, leadId), cancellationToken))?.Value;

    /// <summary>A page of the integration's leads, newest first, and how many the index holds.</summary>
    public async Task<(int Total, IReadOnlyList<StoredLead> Items)> ListAsync(string integrationId, int skip, int take, CancellationToken cancellationToken)
    {
        var index = (await state.GetAsync<List<LeadIndexEntry>>(IntegrationAdminStateKeys.LeadIndex(integrationId), cancellationToken))?.Value ?? [];
        var keys = index.Skip(skip).Take(take).Select(e => IntegrationAdminStateKeys.Lead(integrationId, e.LeadId)).ToList();
        var found = await state.GetManyAsync<StoredLead>(keys, cancellationToken);
        return (index.Count, found.Select(i => i.Value).OrderByDescending(l => l.CapturedAt).ThenByDescending(l => l.LeadId, StringComparer.Ordinal).ToList());
    }
}
