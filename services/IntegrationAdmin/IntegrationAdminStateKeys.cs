namespace DaprChannels.IntegrationAdmin;

/// <summary>
/// The keys IntegrationAdmin alone writes and reads, in its private store. The integration read model it also
/// writes is shared and keyed in <see cref="Contracts.IntegrationReadModelKeys"/>.
/// </summary>
public static class IntegrationAdminStateKeys
{
    /// <summary>The integrations relying on the gateway's webhook registration at one shared platform object (a Facebook Page, a WhatsApp Business Account).</summary>
    public static string WebhookSubscribers(string webhookObject) => $"webhook-subscribers:{webhookObject}";

    public static string Tenant(string tenantId) => $"tenant:{tenantId}";

    public static string TenantIndex => "tenant-index";

    public static string ApiKey(string keyId) => $"apikey:{keyId}";

    /// <summary>The ids of a tenant's API keys that are not revoked, so they can be listed without a scan.</summary>
    public static string ApiKeyIndex(string tenantId) => $"apikey-index:{tenantId}";

    /// <summary>When a key last authenticated, to the nearest few minutes; kept apart from the key so that recording it never races a revocation.</summary>
    public static string ApiKeyUsed(string keyId) => $"apikey-used:{keyId}";

    public static string Saga(string sagaId) => $"saga:{sagaId}";

    /// <summary>A lifecycle operation (connect, test, refresh, disconnect): its tenant, integration and workflow instance.</summary>
    public static string LifecycleOperation(string operationId) => $"operation:{operationId}";

    /// <summary>The most recent lifecycle operations of an integration, newest first.</summary>
    public static string IntegrationOperations(string integrationId) => $"operation-index:{integrationId}";

    /// <summary>The lifecycle operation that holds an integration or a platform account while it runs (one at a time).</summary>
    public static string LifecycleLock(string subject) => $"operation-lock:{subject}";

    /// <summary>
    /// The messages API's view of one outbound message: accepted by the send endpoint, then what became of it
    /// as <c>outbound.result</c> reported it.
    /// </summary>
    public static string ApiMessage(string outboundId) => $"api-message:{outboundId}";

    /// <summary>The newest delivery status of a sent message, as <c>outbound.status</c> reported it.</summary>
    public static string ApiMessageDelivery(string integrationId, string platformMessageId) => $"api-delivery:{integrationId}:{platformMessageId}";

    public static string Lead(string integrationId, string leadId) => $"lead:{integrationId}:{leadId}";

    public static string LeadIndex(string integrationId) => $"lead-index:{integrationId}";

    /// <summary>
    /// A lead's webhook POST, once per lead id: leased while one worker posts it (a duplicate event does not
    /// post meanwhile), done once the receiver answered 2xx, so a redelivery never posts it again.
    /// </summary>
    public static string LeadWebhookSent(string integrationId, string leadId) => $"lead-webhook:{integrationId}:{leadId}";

    /// <summary>One dead letter as recorded under Dapr, by the dead-letter topic it arrived on and its event id.</summary>
    public static string DeadLetter(string deadLetterTopic, string eventId) => $"dead-letter:{deadLetterTopic}:{eventId}";

    /// <summary>The newest dead letters of one dead-letter topic, so they can be listed without a scan.</summary>
    public static string DeadLetterIndex(string deadLetterTopic) => $"dead-letter-index:{deadLetterTopic}";

    /// <summary>The last sequence number given to a dead letter recorded under Dapr.</summary>
    public static string DeadLetterSequence => "dead-letter-sequence";
}
