using DaprChannels.Channels.Telegram;
using DaprChannels.Contracts.Messages;
using DaprChannels.IntegrationAdmin.Lifecycle;
using Microsoft.AspNetCore.Mvc;

namespace DaprChannels.IntegrationAdmin.Apis;

/// <summary>One example of a request or response body: a value of the record the route reads or answers.</summary>
public sealed record ApiExample(string Summary, object Value);

/// <summary>The examples of one operation: its request body's and, per status code, its answers'.</summary>
/// <param name="Location">What the Location header of the 2xx answer points to, when it sends one.</param>
public sealed record OperationExamples(
    IReadOnlyDictionary<string, ApiExample> Request,
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, ApiExample>> Responses,
    string? Location = null);

/// <summary>
/// Examples of the admin API's bodies for the OpenAPI document, keyed by operation name. They are values of the
/// very records the handlers read and answer, and the problem details the handlers' own factories make, so a
/// renamed field is a build error, not a stale example. Credentials appear as the API shows them: masked.
/// </summary>
public static class OpenApiExamples
{
    private const string TenantId = "tn_acme";
    private const string IntegrationId = "int_support_bot";
    private const string OperationId = "op_3f9c2a7d1e4b4c8a9b0d6e5f7a1c2b3d";
    private const string RunningOperationId = "op_8d2e4f6a0b1c4d3e9f7a5b6c8d0e1f2a";
    private const string BaseUrl = "https://gateway.example.com";
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static readonly DateTimeOffset Created = new(2026, 5, 4, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Created.AddSeconds(3);

    /// <summary>Placeholders, never secrets: what a tenant would paste, and the value the API masks.</summary>
    private const string BotTokenPlaceholder = "123456789:replace-with-the-token-from-BotFather";

    private static readonly BotSettings Bot = new(
        BotKinds.Rules,
        [new BotRule("hours", "We are open 9:00 to 17:00, Monday to Friday.")],
        Fallback: "Thanks for your message: an agent will answer shortly.",
        HandOffKeyword: "agent");

    private static readonly IReadOnlyDictionary<string, string> MaskedCredentials = new Dictionary<string, string>
    {
        [TelegramCredentials.BotToken] = CredentialMask.Mask(BotTokenPlaceholder),
        [TelegramCredentials.SecretToken] = CredentialMask.Hidden,
    };

    private static readonly IntegrationsApi.IntegrationView Active = new(
        IntegrationId, TenantId, Platforms.Telegram, "Support bot", IntegrationStatus.Active, null,
        new Uri($"{BaseUrl}/webhooks/telegram/{IntegrationId}"),
        new Dictionary<string, string> { [TelegramAdapter.AllowedUpdatesConfig] = "message,callback_query" },
        MaskedCredentials, new Dictionary<string, string>(), Bot, Created, Later,
        CredentialStatus: new CredentialStatus(LastTest: new CredentialCheckRun(Later, true, "The bot token works.", new Dictionary<string, string> { ["username"] = "acme_support_bot" }), TokenNeverExpires: true));

    private static readonly OperationView ConnectStarted = new(OperationId, OperationKind.Connect, IntegrationId, OperationStatus.Running, null, Created, Created, null, null);

    private static readonly IntegrationsApi.IntegrationView Pending = Active with
    {
        Status = IntegrationStatus.Pending,
        StatusReason = $"Connecting: operation {OperationId} is running.",
        UpdatedAt = Created,
        CredentialStatus = null,
        Operation = ConnectStarted,
    };

    private static readonly IReadOnlyDictionary<string, ApiExample> None = new Dictionary<string, ApiExample>();

    public static IReadOnlyDictionary<string, OperationExamples> All { get; } = Build();

    private static Dictionary<string, OperationExamples> Build()
    {
        var operationRunning = One("Another operation is running", Problem(IntegrationsApi.OperationRunning(RunningOperationId, "An operation on this integration is running.")));
        var integrationNotFound = One("Unknown or another tenant's", Problem(TenantsApi.NotFound("integration")));
        var operationLocation = $"/api/v1/operations/{OperationId}: follow the operation there.";

        return new Dictionary<string, OperationExamples>(StringComparer.Ordinal)
        {
            ["CreateTenant"] = new(
                One("A tenant", new TenantsApi.CreateTenantRequest("Acme Support", "tn_acme")),
                Statuses((201, One("The tenant and its owner key, shown once", new TenantsApi.CreatedTenantView(TenantId, "Acme Support", Created, "dck_example-owner-key-shown-once", "key_owner"))))),
            ["ListTenants"] = Answers((200, One("Tenants", new List<TenantsApi.TenantView> { new(TenantId, "Acme Support", Created) }))),
            ["GetTenant"] = Answers((200, One("A tenant", new TenantsApi.TenantView(TenantId, "Acme Support", Created))), (404, One("Unknown", Problem(TenantsApi.NotFound("tenant"))))),
            ["CreateApiKey"] = new(
                One("An agent's key", new TenantsApi.CreateApiKeyRequest("Support desk", Roles.Agent)),
                Statuses((201, One("The key, shown once", new TenantsApi.ApiKeyView("key_support_desk", "Support desk", Roles.Agent, Created, "dck_example-agent-key-shown-once"))))),
            ["ListApiKeys"] = Answers((200, One("Keys, never their secrets", new List<TenantsApi.ApiKeySummary>
            {
                new("key_owner", "Owner", Roles.Owner, Created, Later),
                new("key_support_desk", "Support desk", Roles.Agent, Created, null),
            }))),
            ["GetSecretGrants"] = Answers((200, One("Granted secrets", new SecretGrantsApi.SecretGrantsView(TenantId, ["acme-telegram-bot"], Created)))),
            ["SetSecretGrants"] = new(
                One("Grant one secret", new SecretGrantsApi.SecretGrantsRequest(["acme-telegram-bot"])),
                Statuses((200, One("Granted secrets", new SecretGrantsApi.SecretGrantsView(TenantId, ["acme-telegram-bot"], Later))))),

            ["ConnectIntegration"] = new(
                One("A Telegram bot", new IntegrationsApi.ConnectRequest(
                    Platforms.Telegram, "Support bot",
                    new Dictionary<string, JsonElement> { [TelegramAdapter.AllowedUpdatesConfig] = JsonSerializer.SerializeToElement("message,callback_query") },
                    new Dictionary<string, string> { [TelegramCredentials.BotToken] = BotTokenPlaceholder },
                    null, Bot, IntegrationId)),
                Statuses(
                    (202, One("Stored pending; the connect operation runs", Pending with
                    {
                        GeneratedCredentials = new Dictionary<string, string> { [TelegramCredentials.SecretToken] = "example-generated-value-shown-once" },
                    })),
                    (400, new Dictionary<string, ApiExample>
                    {
                        ["validation"] = new("Invalid fields", TypedResults.ValidationProblem(new Dictionary<string, string[]>
                        {
                            ["platform"] = ["Required."],
                            ["name"] = ["A name of 1 to 200 characters is required."],
                        }).ProblemDetails.WithTrace()),
                        ["noTenant"] = new("The operator key without X-Tenant-Id", Problem(TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No tenant",
                            detail: "Use a tenant API key, or send X-Tenant-Id with the operator key."))),
                    }),
                    (409, One("A connect of the account is running", Problem(IntegrationsApi.OperationRunning(RunningOperationId, "A connect of this platform account is running."))))),
                operationLocation),
            ["ListIntegrations"] = Answers((200, One("Integrations, credentials masked", new List<IntegrationsApi.IntegrationView> { Active }))),
            ["GetIntegration"] = Answers((200, One("An active integration", Active)), (404, integrationNotFound)),
            ["UpdateIntegration"] = new(
                One("Rename and change the fallback", new IntegrationsApi.UpdateRequest("Support bot (EU)", null, null, Bot with { Fallback = "An agent will answer within the hour." }, null)),
                Statuses((200, One("The changed integration", Active with { Name = "Support bot (EU)", Bot = Bot with { Fallback = "An agent will answer within the hour." } })), (404, integrationNotFound))),
            ["DeleteIntegration"] = Answers((404, integrationNotFound)),
            ["ReconnectIntegration"] = new(None,
                Statuses((202, One("Pending again; the connect operation runs", Pending)), (404, integrationNotFound), (409, operationRunning)),
                operationLocation),
            ["DisconnectIntegration"] = new(None,
                Statuses((202, One("The disconnect operation", ConnectStarted with { Kind = OperationKind.Disconnect })), (404, integrationNotFound), (409, operationRunning)),
                operationLocation),
            ["TestIntegration"] = new(
                One("Also send a test message", new IntegrationsApi.TestRequest("987654321", "A test message from DaprChannels.", 60)),
                Statuses(
                    (202, One("The test operation", ConnectStarted with { Kind = OperationKind.Test })),
                    (400, One("Invalid test message", TypedResults.ValidationProblem(new Dictionary<string, string[]>
                    {
                        ["timeoutSeconds"] = ["Wait 1 to 600 seconds for the delivery status."],
                    }).ProblemDetails.WithTrace())),
                    (404, integrationNotFound),
                    (409, operationRunning)),
                operationLocation),
            ["RefreshIntegrationToken"] = new(None,
                Statuses((202, One("The refresh operation", ConnectStarted with { Kind = OperationKind.Refresh })), (404, integrationNotFound), (409, operationRunning)),
                operationLocation),
            ["ListIntegrationOperations"] = Answers((200, One("Newest first", new List<OperationView> { Succeeded })), (404, integrationNotFound)),
            ["RotateGeneratedCredential"] = Answers((200, One("The new value, shown once", new IntegrationsApi.RotatedCredential(
                TelegramCredentials.SecretToken, "example-rotated-value-shown-once", Active with { UpdatedAt = Later },
                new IntegrationsApi.ConnectionCheck(true, "The webhook is registered.", null, true)))), (404, integrationNotFound)),
            ["ListPlatforms"] = Answers((200, One("Telegram", new List<IntegrationsApi.PlatformView>
            {
                new(Platforms.Telegram, "Telegram",
                    [new ChannelField(TelegramAdapter.AllowedUpdatesConfig, false, false, "Comma-separated update kinds for setWebhook (default: messages, posts, button clicks).")],
                    [
                        new ChannelField(TelegramCredentials.BotToken, true, true, "Bot token from @BotFather (<digits>:<characters>)."),
                        new ChannelField(TelegramCredentials.SecretToken, false, true, "Webhook secret token; generated when left empty.", Generated: true),
                    ],
                    TelegramCapabilities.Value),
            }))),

            ["GetOperation"] = Answers(
                (200, new Dictionary<string, ApiExample>
                {
                    ["running"] = new("Running, at its current step", ConnectStarted with { Step = LifecycleSteps.RegisterWebhook, UpdatedAt = Created.AddSeconds(1) }),
                    ["succeeded"] = new("Succeeded, with its result", Succeeded),
                    ["failed"] = new("Failed, with the step and the reason", ConnectStarted with
                    {
                        Status = OperationStatus.Failed,
                        Step = LifecycleSteps.TestCredentials,
                        UpdatedAt = Later,
                        Error = new OperationError(LifecycleSteps.TestCredentials, "Telegram refused the bot token: Unauthorized.", null, LifecycleStatus.Name(IntegrationStatus.Pending)),
                    }),
                }),
                (404, One("Unknown or another tenant's", Problem(TenantsApi.NotFound("operation"))))),

            ["SendMessage"] = new(
                One("A text message", new MessagesApi.SendMessageRequest("987654321", JsonSerializer.SerializeToElement(new { type = "text", text = "Your order has shipped." }), null, "order-1042-shipped")),
                Statuses((202, One("Queued", new MessagesApi.MessageAccepted("api_6c1f0e2d9b8a4f7e8d5c3b2a1f0e9d8c", IntegrationId, "queued"))), (404, integrationNotFound)),
                "The message: /api/v1/integrations/{integrationId}/messages/{messageId}."),
            ["GetMessage"] = Answers((200, One("Sent and delivered", new MessagesApi.MessageView(
                "api_6c1f0e2d9b8a4f7e8d5c3b2a1f0e9d8c", IntegrationId, "sent", "4711", null, null, Later,
                new MessagesApi.DeliveryView(DeliveryStatus.Delivered, Later.AddSeconds(2), null, null))))),
            ["ListLeads"] = Answers((200, One("One lead", new LeadsApi.LeadPage(1, 0, 50, [Lead])))),
            ["GetLead"] = Answers((200, One("A lead", Lead))),
            ["GetAccountClaim"] = Answers((200, One("The holder", new AccountClaimsApi.AccountClaimView(Platforms.Telegram, "123456789", IntegrationId)))),
            ["AssignAccountClaim"] = new(
                One("Assign to an integration", new AccountClaimsApi.AssignRequest(IntegrationId)),
                Statuses((200, One("The holder", new AccountClaimsApi.AccountClaimView(Platforms.Telegram, "123456789", IntegrationId))))),
            ["ReleaseAccountClaim"] = Answers((200, One("The released claim", new AccountClaimsApi.AccountClaimView(Platforms.Telegram, "123456789", IntegrationId)))),
            ["ListDeadLetters"] = Answers((200, One("One dead letter", new DeadLettersApi.DeadLetterPage(1,
            [
                new DeadLettersApi.DeadLetterView(42, Topics.OutboundMessage, AppIds.Dispatcher, "evt_0b1c2d3e4f", "OutboundMessageRequested",
                    "Ran out of delivery attempts.", 5, Later, Created, 612, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            ])))),
        };
    }

    private static OperationView Succeeded => ConnectStarted with
    {
        Status = OperationStatus.Succeeded,
        Step = LifecycleSteps.Done,
        UpdatedAt = Later,
        Result = new OperationResult("Connected: the bot token works and the webhook is registered.",
            new Dictionary<string, string> { ["username"] = "acme_support_bot" }, LifecycleStatus.Name(IntegrationStatus.Active)),
    };

    private static LeadsApi.LeadView Lead => new(
        "lead_1029384756", "int_lead_ads", Platforms.LeadAds, Created, Created.AddSeconds(-40), "form_551", "page_1200", "ad_7788", null, false,
        new ContactRef("lead_1029384756", "Jane Doe", Email: "jane.doe@example.com", FirstName: "Jane", LastName: "Doe"),
        new Dictionary<string, string> { ["email"] = "jane.doe@example.com", ["full_name"] = "Jane Doe" });

    private static IReadOnlyDictionary<string, ApiExample> One(string summary, object value) =>
        new Dictionary<string, ApiExample> { [ExampleName(summary)] = new(summary, value) };

    private static OperationExamples Answers(params (int Status, IReadOnlyDictionary<string, ApiExample> Examples)[] answers) =>
        new(None, Statuses(answers));

    private static Dictionary<int, IReadOnlyDictionary<string, ApiExample>> Statuses(params (int Status, IReadOnlyDictionary<string, ApiExample> Examples)[] answers) =>
        answers.ToDictionary(a => a.Status, a => a.Examples);

    private static ProblemDetails Problem(ProblemHttpResult result) => result.ProblemDetails.WithTrace();

    /// <summary>Problem details as the host sends them: ServiceDefaults adds the trace id.</summary>
    private static TProblem WithTrace<TProblem>(this TProblem problem)
        where TProblem : ProblemDetails
    {
        problem.Extensions["traceId"] = TraceId;
        return problem;
    }

    private static string ExampleName(string summary) =>
        string.Concat(summary.Split(' ', ',', ':').Where(w => w.Length > 0).Select((w, i) => i == 0 ? w.ToLowerInvariant() : char.ToUpperInvariant(w[0]) + w[1..]))
            .Replace("'", "", StringComparison.Ordinal);
}
