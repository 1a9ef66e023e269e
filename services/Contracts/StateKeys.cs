namespace DaprChannels.Contracts;

/// <summary>
/// The shared state key space. Each family has one writer: integration/route/secret-grants/tenant/apikey/saga/api-message by
/// IntegrationAdmin, conversation/contact/dedup by Ingress and Normalizer, outbound by the Dispatcher,
/// lead by IntegrationAdmin (the subscriber of inbound.lead that stores leads and carries out their action),
/// dead-letter by IntegrationAdmin (under Dapr, the recorder of every app's dead-letter topic).
/// </summary>
public static class StateKeys
{
    public static string Integration(string integrationId) => $"integration:{integrationId}";

    public static string TenantIntegrations(string tenantId) => $"integration-index:{tenantId}";

    public static string Route(string platform, string accountId) => $"route:{platform}:{accountId}";

    /// <summary>The integrations relying on the gateway's webhook registration at one shared platform object (a Facebook Page, a WhatsApp Business Account).</summary>
    public static string WebhookSubscribers(string webhookObject) => $"webhook-subscribers:{webhookObject}";

    public static string Tenant(string tenantId) => $"tenant:{tenantId}";

    /// <summary>The secret-store names the operator granted a tenant's integrations to reference (part of the integration read model).</summary>
    public static string SecretGrants(string tenantId) => $"secret-grants:{tenantId}";

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

    /// <summary>A message accepted by the admin API's send endpoint, before and after the Dispatcher sends it.</summary>
    public static string ApiMessage(string outboundId) => $"api-message:{outboundId}";

    public static string Conversation(string conversationId) => $"conversation:{conversationId}";

    public static string ConversationIndex(string integrationId) => $"conversation-index:{integrationId}";

    public static string Contact(string contactId) => $"contact:{contactId}";

    public static string DeliveryClaim(string integrationId, string deliveryId) => $"dedup:delivery:{integrationId}:{deliveryId}";

    public static string MessageClaim(string integrationId, string platformMessageId) => $"dedup:message:{integrationId}:{platformMessageId}";

    /// <summary>
    /// A lead's read from its platform and publication, once per lead id: leased while one worker reads it,
    /// done once its event is published.
    /// </summary>
    public static string LeadCapture(string integrationId, string leadId) => MessageClaim(integrationId, "lead:" + leadId);

    public static string OutboundSend(string outboundId) => $"outbound:send:{outboundId}";

    public static string OutboundSendLock(string outboundId) => $"outbound:lock:{outboundId}";

    public static string OutboundStatus(string integrationId, string platformMessageId) => $"outbound:status:{integrationId}:{platformMessageId}";

    public static string OutboundRecent(string integrationId, string channelAddress) => $"outbound:recent:{integrationId}:{channelAddress}";

    public static string WidgetMailbox(string integrationId, string visitorId) => $"outbound:widget:{integrationId}:{visitorId}";

    public static string Lead(string integrationId, string leadId) => $"lead:{integrationId}:{leadId}";

    public static string LeadIndex(string integrationId) => $"lead-index:{integrationId}";

    /// <summary>One dead letter as recorded under Dapr, by the dead-letter topic it arrived on and its event id.</summary>
    public static string DeadLetter(string deadLetterTopic, string eventId) => $"dead-letter:{deadLetterTopic}:{eventId}";

    /// <summary>The newest dead letters of one dead-letter topic, so they can be listed without a scan.</summary>
    public static string DeadLetterIndex(string deadLetterTopic) => $"dead-letter-index:{deadLetterTopic}";

    /// <summary>The last sequence number given to a dead letter recorded under Dapr.</summary>
    public static string DeadLetterSequence => "dead-letter-sequence";

    /// <summary>
    /// A lead's webhook POST, once per lead id: leased while one worker posts it (a duplicate event does not
    /// post meanwhile), done once the receiver answered 2xx, so a redelivery never posts it again.
    /// </summary>
    public static string LeadWebhookSent(string integrationId, string leadId) => $"lead-webhook:{integrationId}:{leadId}";
}
