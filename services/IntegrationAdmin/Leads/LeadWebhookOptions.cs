namespace DaprChannels.IntegrationAdmin.Leads;

/// <summary>Bound from <c>IntegrationAdmin:LeadWebhooks</c>. Where a lead webhook may go is the outbound-URL policy's to say.</summary>
public sealed class LeadWebhookOptions
{
    public const string Section = "IntegrationAdmin:LeadWebhooks";

    /// <summary>
    /// How long a worker posting a lead holds it before another may take the POST over. Longer than a
    /// POST can take (<see cref="LeadWebhookSender.Timeout"/>), so a POST in flight is never repeated
    /// alongside it, and no longer than the queue's own lease, so an event redelivered after its worker
    /// crashed finds it lapsed.
    /// </summary>
    public TimeSpan PostingLease { get; set; } = TimeSpan.FromSeconds(30);
}
