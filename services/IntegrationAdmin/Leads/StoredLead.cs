using DaprChannels.Contracts.Messages;

namespace DaprChannels.IntegrationAdmin.Leads;

/// <summary>A captured lead as kept under <c>lead:{integrationId}:{leadId}</c>, readable through the admin API.</summary>
/// <param name="EventId">The id of the <c>LeadCaptured</c> event, also the id of its webhook delivery.</param>
public sealed record StoredLead(
    string LeadId,
    string EventId,
    string TenantId,
    string IntegrationId,
    string Platform,
    DateTimeOffset CapturedAt,
    CanonicalLead Lead);

/// <summary>One line of an integration's lead index, newest first.</summary>
public sealed record LeadIndexEntry(string LeadId, DateTimeOffset CapturedAt);
