using System.Text.Json;
using DaprChannels.Channels.Meta;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;
using Microsoft.Extensions.Logging;
using DaprChannels.Channels.Meta.Messaging;

namespace DaprChannels.Channels.LeadAds;

/// <summary>
/// The Facebook Lead Ads channel: Meta's handshake and signed Page webhooks announce leads by id;
/// each lead's answers are then read from the Graph API with the Page token. Nothing is sent.
/// </summary>
public sealed partial class LeadAdsAdapter(LeadAdsApiClient api, MetaSubscribedApps subscriptions, ILogger<LeadAdsAdapter> logger)
    : MetaAppAdapter(LeadAdsDescriptor, LeadAdsCapabilities.Value), ILeadSource
{
    private static readonly ChannelDescriptor LeadAdsDescriptor = new(
        Platforms.LeadAds,
        "Facebook Lead Ads",
        [
            new ChannelField(LeadAdsCredentials.PageId, Required: true, Secret: false, "Id of the Facebook Page that owns the lead forms."),
            new ChannelField(LeadAdsCredentials.FormIds, Required: false, Secret: false, "Comma-separated ids of the forms to capture; leads of other forms are ignored. Empty: every form."),
            new ChannelField(LeadAction.ActionSetting, Required: false, Secret: false, "What to do with a lead: 'publish' (default: the inbound.lead event only) or 'webhook' (also POST it, signed, to leadWebhookUrl)."),
        ],
        [
            new ChannelField(LeadAdsCredentials.PageAccessToken, Required: true, Secret: true, "Long-lived Page access token with leads_retrieval and pages_manage_metadata."),
            .. MetaAppCredentials.WebhookFields(),
            new ChannelField(LeadAction.WebhookUrlSetting, Required: false, Secret: true, "Where the 'webhook' lead action POSTs each lead as JSON (https; kept secret because such URLs often carry a token)."),
            new ChannelField(LeadAction.WebhookSecretCredential, Required: false, Secret: true, "Key of the HMAC-SHA256 signature of each lead webhook POST (X-DaprChannels-Signature); required for the 'webhook' lead action."),
        ],
        AccountField: LeadAdsCredentials.PageId);

    public override IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials) =>
        LeadAdsCredentials.Prepare(credentials);

    /// <summary>Every announced lead of the Page; leads of forms outside <c>formIds</c> are logged and left out.</summary>
    public override ParsedDelivery Parse(RawDelivery delivery, ChannelIntegration integration)
    {
        var pageId = LeadAdsCredentials.RequirePageId(integration);
        var forms = LeadAdsCredentials.RequireFormIds(integration);
        var leads = LeadAdsParser.Parse(delivery.Body, pageId, delivery.OccurredAt);
        if (forms.Count == 0)
        {
            return new ParsedDelivery([], [], leads);
        }

        var wanted = new List<CanonicalLead>(leads.Count);
        foreach (var lead in leads)
        {
            if (lead.FormId is not null && forms.Contains(lead.FormId))
            {
                wanted.Add(lead);
            }
            else
            {
                LogOtherForm(logger, lead.LeadId, lead.FormId, integration.Id);
            }
        }

        return new ParsedDelivery([], [], wanted);
    }

    /// <summary>Lead Ads has no messaging: a send answers so, permanently.</summary>
    public override Task<SendResult> SendAsync(OutboundMessageRequested message, ChannelIntegration integration, CancellationToken cancellationToken) =>
        Task.FromResult(new SendResult(SendStatus.Permanent, ErrorCode: "not_supported",
            Reason: "Lead Ads has no messaging: a lead cannot be answered through this channel."));

    public async Task<LeadFetchResult> FetchLeadAsync(ChannelIntegration integration, CanonicalLead announced, CancellationToken cancellationToken)
    {
        if (!MetaAppCredentials.IsValidGraphId(announced.LeadId))
        {
            return new LeadFetchResult(LeadFetchStatus.NotFound, ErrorCode: "invalid_id", Reason: "The lead id is not a numeric Graph id.");
        }

        var token = integration.RequireCredential(LeadAdsCredentials.PageAccessToken);
        var result = await api.GetLeadAsync(token, announced.LeadId, cancellationToken);
        if (!result.IsOk)
        {
            return LeadAdsErrorMapping.ToFailure(result, secretToHide: token);
        }

        GraphLead? lead;
        try
        {
            lead = result.Body.Deserialize<GraphLead>(LeadAdsJson.Options);
        }
        catch (JsonException)
        {
            lead = null;
        }

        if (lead is null)
        {
            return new LeadFetchResult(LeadFetchStatus.Transient, ErrorCode: "malformed", Reason: "The Graph API answered a lead of an unexpected shape.");
        }

        var fields = Fields(lead);
        return new LeadFetchResult(LeadFetchStatus.Ok, announced with
        {
            FormId = lead.FormId ?? announced.FormId,
            AdId = lead.AdId ?? announced.AdId,
            IsOrganic = lead.IsOrganic,
            CreatedAt = LeadAdsJson.GraphTime(lead.CreatedTime) ?? announced.CreatedAt,
            Fields = fields,
            Contact = LeadContactMapper.Map(announced.LeadId, fields),
        });
    }

    /// <summary>Every answer by field name, values of a multiple choice joined; a name asked twice keeps both answers.</summary>
    public static IReadOnlyDictionary<string, string> Fields(GraphLead lead)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in lead.FieldData ?? [])
        {
            if (string.IsNullOrEmpty(field?.Name))
            {
                continue;
            }

            var values = string.Join(", ", (field.Values ?? []).Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()));
            fields[field.Name] = fields.TryGetValue(field.Name, out var earlier) ? $"{earlier}, {values}" : values;
        }

        return fields;
    }

    /// <summary>The token works for the Page, its lead forms can be read, the configured forms exist and the lead action is complete.</summary>
    public override async Task<CredentialTestResult> TestCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken)
    {
        var token = integration.RequireCredential(LeadAdsCredentials.PageAccessToken);
        var pageId = LeadAdsCredentials.RequirePageId(integration);
        var formIds = LeadAdsCredentials.RequireFormIds(integration);
        var page = await api.GetTokenPageAsync(token, cancellationToken);
        if (!page.IsOk)
        {
            return MessagingCredentialTests.Refused(page, token);
        }

        var details = new Dictionary<string, string>
        {
            ["pageId"] = MessagingCredentialTests.Field(page, "id"),
            ["pageName"] = MessagingCredentialTests.Field(page, "name"),
        };
        if (details["pageId"] != pageId)
        {
            return new CredentialTestResult(false, $"The access token reads another Page ({details["pageId"]}), not {pageId}.", details);
        }

        // Every later failure still leaves the Page proven: the token is that Page's.
        var proven = pageId;

        var forms = await api.GetLeadgenFormsAsync(token, pageId, cancellationToken);
        if (!forms.IsOk)
        {
            var refused = MessagingCredentialTests.Refused(forms, token);
            return refused with
            {
                ProvenAccount = proven,
                Summary = $"The Page's lead forms cannot be read (the token needs leads_retrieval): {refused.Summary}",
                Details = new Dictionary<string, string>(details) { ["errorCode"] = refused.Details?.GetValueOrDefault("errorCode") ?? "" },
            };
        }

        var found = FormIdsOf(forms.Body);
        details["forms"] = found.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var missing = formIds.Where(id => !found.Contains(id)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            details["missingFormIds"] = string.Join(",", missing);
            return new CredentialTestResult(false, $"The Page {details["pageName"]} has no lead form {string.Join(", ", missing)}.", details, ProvenAccount: proven);
        }

        // Meta delivers leadgen webhooks only to apps installed on the Page with the leadgen field.
        var subscribed = await subscriptions.ListAsync(token, pageId, cancellationToken);
        if (!subscribed.Call.IsOk)
        {
            details["subscription"] = "unreadable";
            return new CredentialTestResult(false,
                $"The Page's webhook subscriptions cannot be read (the token needs pages_manage_metadata): {GraphErrorMapping.Scrub(subscribed.Call.Message, token)}", details, ProvenAccount: proven);
        }

        var leadgenApps = subscribed.Apps.Where(a => a.Fields.Contains(LeadAdsParser.LeadgenField, StringComparer.Ordinal)).ToList();
        if (leadgenApps.Count == 0)
        {
            details["subscription"] = "missing";
            return new CredentialTestResult(false,
                $"No app is subscribed to the Page's leadgen webhooks: install the app on the Page with POST /{pageId}/subscribed_apps?subscribed_fields=leadgen.", details, ProvenAccount: proven);
        }

        details["subscription"] = string.Join(",", leadgenApps.Select(a => a.Name ?? a.Id));

        try
        {
            details["leadAction"] = LeadAction.From(integration).Kind.ToString().ToLowerInvariant();
        }
        catch (ChannelConfigurationException ex)
        {
            return new CredentialTestResult(false, ex.Message, details, ProvenAccount: proven);
        }

        return new CredentialTestResult(true, $"Connected to the Page {details["pageName"]} ({pageId}) with {details["forms"]} lead forms.", details, ProvenAccount: proven);
    }

    public override Task<TokenRefreshResult> RefreshCredentialsAsync(ChannelIntegration integration, CancellationToken cancellationToken) =>
        Task.FromResult(new TokenRefreshResult(false,
            "not applicable: a long-lived Page access token does not expire; it is replaced by hand when revoked"));

    /// <summary>
    /// The Page's leadgen webhooks (<c>POST /{page-id}/subscribed_apps?subscribed_fields=leadgen</c> needs
    /// pages_manage_metadata). The Page's subscription also serves a Messenger integration of the same Page.
    /// </summary>
    protected override MetaSubscription Subscription(ChannelIntegration integration)
    {
        var pageId = LeadAdsCredentials.RequirePageId(integration);
        return new MetaSubscription(subscriptions, integration.RequireCredential(LeadAdsCredentials.PageAccessToken), pageId, $"the Page {pageId}", [LeadAdsParser.LeadgenField]);
    }

    public override string? WebhookObject(ChannelIntegration integration) => MetaSubscribedApps.SharedObject(LeadAdsCredentials.RequirePageId(integration));

    private static HashSet<string> FormIdsOf(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            ? data.EnumerateArray()
                .Select(form => form.ValueKind == JsonValueKind.Object && form.TryGetProperty("id", out var id) ? LeadAdsJson.Id(id) : null)
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal)
            : [];

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead {LeadId} of form {FormId} ignored for integration {IntegrationId}: the form is not in formIds")]
    private static partial void LogOtherForm(ILogger logger, string leadId, string? formId, string integrationId);
}
