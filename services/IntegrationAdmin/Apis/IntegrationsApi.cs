using System.Text.Json.Serialization;
using DaprChannels.BuildingBlocks.Workflows;
using DaprChannels.IntegrationAdmin.Lifecycle;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace DaprChannels.IntegrationAdmin.Apis;

public static class IntegrationsApi
{
    public static IEndpointRouteBuilder MapIntegrationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/integrations").WithTags("Integrations");
        group.MapPost("/", ConnectAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("ConnectIntegration").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Connects a platform account").WithDescription("Connects a platform account: validates and stores the integration pending, then a connect operation claims the account, tests the credentials, registers the webhook where the platform allows and activates it.");
        group.MapGet("/", ListAsync).RequireAdminRole(RoleSets.Read)
            .WithName("ListIntegrations").WithSummary("Lists the tenant's integrations (credentials masked).");
        group.MapGet("/{integrationId}", GetAsync).RequireAdminRole(RoleSets.Read)
            .WithName("GetIntegration").WithSummary("Reads an integration (credentials masked).");
        group.MapPatch("/{integrationId}", UpdateAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("UpdateIntegration").WithSummary("Changes name, config, bot, status or credentials.");
        group.MapDelete("/{integrationId}", DeleteAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("DeleteIntegration")
            .WithSummary("Removes an integration").WithDescription("Removes an integration: its webhook removed at the platform where the gateway registered it, its account released, its webhook URL no longer accepting deliveries.");
        group.MapPost("/{integrationId}/connect", ReconnectAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("ReconnectIntegration").ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Connects an integration again").WithDescription("Connects a disconnected (or failed) integration again with its stored settings: a connect operation.");
        group.MapPost("/{integrationId}/disconnect", DisconnectAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("DisconnectIntegration").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Disconnects an integration").WithDescription("Disconnects an integration and keeps it: a disconnect operation removes the webhook at the platform, releases the account and marks it disconnected.");
        group.MapPost("/{integrationId}/test", TestAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("TestIntegration").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Tests an integration").WithDescription("Tests the stored credentials against the platform, and on request sends a test message and waits for its delivery status: a test operation.");
        group.MapPost("/{integrationId}/refresh", RefreshAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("RefreshIntegrationToken").ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Refreshes a token that expires, where the platform has such tokens: a refresh operation.");
        group.MapGet("/{integrationId}/operations", ListOperationsAsync).RequireAdminRole(RoleSets.Read)
            .WithName("ListIntegrationOperations").WithSummary("The integration's recent lifecycle operations, newest first.");
        group.MapPost("/{integrationId}/credentials/{field}/rotate", RotateAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("RotateGeneratedCredential")
            .WithSummary("Rotates a generated credential").WithDescription("Replaces a credential the gateway generated (a webhook verify token) and shows the new value once; the webhook is registered again where the platform allows.");

        app.MapGet("/api/v1/platforms", ListPlatforms).RequireAdminRole(RoleSets.Read).WithTags("Platforms")
            .WithName("ListPlatforms").WithSummary("The platforms that can be connected, their fields and capabilities.");
        return app;
    }

    public sealed record ConnectRequest(
        string? Platform,
        string? Name,
        Dictionary<string, JsonElement>? Config,
        Dictionary<string, string>? Credentials,
        Dictionary<string, string>? SecretRefs,
        BotSettings? Bot,
        string? Id);

    public sealed record UpdateRequest(
        string? Name,
        Dictionary<string, JsonElement>? Config,
        Dictionary<string, string>? Credentials,
        BotSettings? Bot,
        IntegrationStatus? Status);

    public sealed record ConnectionCheck(bool Ok, string Summary, IReadOnlyDictionary<string, string>? Details, bool? WebhookRegistered);

    public sealed record IntegrationView(
        string Id,
        string TenantId,
        string Platform,
        string Name,
        IntegrationStatus Status,
        string? StatusReason,
        Uri WebhookUrl,
        IReadOnlyDictionary<string, string> Config,
        IReadOnlyDictionary<string, string> Credentials,
        IReadOnlyDictionary<string, string> SecretRefs,
        BotSettings Bot,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        ConnectionCheck? Connection = null,
        CredentialStatus? CredentialStatus = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? GeneratedCredentials = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OperationView? Operation = null);

    /// <param name="To">Also send a test message to this platform address and wait for its delivery status.</param>
    /// <param name="Text">The test message's text.</param>
    /// <param name="TimeoutSeconds">How long to wait for the delivery status (1 to 600; 60 when left out).</param>
    public sealed record TestRequest(string? To, string? Text, int? TimeoutSeconds);

    /// <param name="Value">The new value, shown this once: enter it where the platform asks for it.</param>
    public sealed record RotatedCredential(string Field, string Value, IntegrationView Integration, ConnectionCheck? Connection);

    public sealed record PlatformView(string Platform, string DisplayName, IReadOnlyList<ChannelField> Config, IReadOnlyList<ChannelField> Credentials, ChannelCapabilities Capabilities);

    public static async Task<Results<Accepted<IntegrationView>, ValidationProblem, ProblemHttpResult>> ConnectAsync(
        ConnectRequest request,
        HttpContext context,
        IntegrationService integrations,
        LifecycleOperations operations,
        TimeProvider clock,
        CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        if (principal.TenantId is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No tenant",
                detail: "Use a tenant API key, or send X-Tenant-Id with the operator key.");
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Platform))
        {
            errors["platform"] = ["Required."];
        }

        Identifiers.CheckNameAndId(errors, request.Name, request.Id);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Everything the connect needs is checked before any step runs: bad input never starts an operation.
        CreatedIntegration prepared;
        try
        {
            prepared = await integrations.PrepareAsync(principal.TenantId, new IntegrationDraft(
                request.Platform!.Trim().ToLowerInvariant(),
                request.Name!.Trim(),
                Flatten(request.Config),
                request.Credentials ?? [],
                request.SecretRefs ?? [],
                request.Bot ?? BotSettings.Default,
                request.Id), ct);
        }
        catch (IntegrationValidationException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors);
        }

        var operationId = LifecycleOperations.NewId();
        var record = prepared.Record with { Status = IntegrationStatus.Pending, StatusReason = Connecting(operationId) };
        if (await operations.HoldAsync(operationId, Subjects(record, integrations), ct) is { } running)
        {
            return OperationRunning(running, "A connect of this platform account is running.");
        }

        try
        {
            await integrations.SaveNewAsync(record, ct);
        }
        catch (IntegrationValidationException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors);
        }

        var operation = await StartAsync(operations, OperationKind.Connect, record, operationId, nameof(ConnectWorkflow), new LifecycleInput(operationId, record.Id), clock, ct);
        return TypedResults.Accepted(OperationLocation(operationId),
            View(record, integrations.WebhookUrl(record, RequestBase(context)), null, context) with
            {
                GeneratedCredentials = prepared.GeneratedCredentials.Count == 0 ? null : prepared.GeneratedCredentials,
                Operation = operation,
            });
    }

    public static async Task<Results<Accepted<IntegrationView>, ProblemHttpResult>> ReconnectAsync(
        string integrationId, HttpContext context, IntegrationService integrations, LifecycleOperations operations, TimeProvider clock, CancellationToken ct)
    {
        var record = await FindVisibleAsync(integrationId, context, integrations, ct);
        if (record is null)
        {
            return TenantsApi.NotFound("integration");
        }

        var operationId = LifecycleOperations.NewId();
        if (await operations.HoldAsync(operationId, Subjects(record, integrations), ct) is { } running)
        {
            return OperationRunning(running, "An operation on this integration or its platform account is running.");
        }

        record = await integrations.SetLifecycleStatusAsync(record.Id, IntegrationStatus.Pending, Connecting(operationId), onlyFrom: null, ct) ?? record;
        var operation = await StartAsync(operations, OperationKind.Connect, record, operationId, nameof(ConnectWorkflow), new LifecycleInput(operationId, record.Id), clock, ct);
        return TypedResults.Accepted(OperationLocation(operationId), View(record, integrations.WebhookUrl(record, RequestBase(context)), null, context) with { Operation = operation });
    }

    public static async Task<Results<Accepted<OperationView>, ProblemHttpResult>> DisconnectAsync(
        string integrationId, HttpContext context, IntegrationService integrations, LifecycleOperations operations, TimeProvider clock, CancellationToken ct)
    {
        var record = await FindVisibleAsync(integrationId, context, integrations, ct);
        if (record is null)
        {
            return TenantsApi.NotFound("integration");
        }

        var (operation, running) = await StartOnIntegrationAsync(operations, OperationKind.Disconnect, record, nameof(DisconnectWorkflow), id => new LifecycleInput(id, record.Id), clock, ct);
        return operation is null ? running! : TypedResults.Accepted(OperationLocation(operation.Id), operation);
    }

    public static async Task<Results<Accepted<OperationView>, ValidationProblem, ProblemHttpResult>> TestAsync(
        string integrationId,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TestRequest? request,
        HttpContext context,
        IntegrationService integrations,
        LifecycleOperations operations,
        ChannelRegistry channels,
        TimeProvider clock,
        CancellationToken ct)
    {
        var record = await FindVisibleAsync(integrationId, context, integrations, ct);
        if (record is null)
        {
            return TenantsApi.NotFound("integration");
        }

        TestMessageRequest? message = null;
        if (request?.To is not null || request?.Text is not null || request?.TimeoutSeconds is not null)
        {
            var errors = new Dictionary<string, string[]>();
            var to = request.To?.Trim();
            var adapter = channels.Get(record.Platform);
            if (!adapter.Capabilities.Text || adapter.Capabilities.Leads)
            {
                errors["to"] = [$"Integrations of platform '{record.Platform}' do not send messages."];
            }
            else if (string.IsNullOrEmpty(to) || to.Length > MessagesApi.MaxAddressLength)
            {
                errors["to"] = [$"The platform address to send the test message to is required (1 to {MessagesApi.MaxAddressLength} characters)."];
            }
            else if (adapter is IAddressNormalizer normalizer && (to = normalizer.NormalizeAddress(to!)) is null)
            {
                errors["to"] = ["This platform addresses contacts by phone number: country code and digits, e.g. 4915112345678."];
            }

            var text = request.Text ?? "A test message from DaprChannels.";
            if (text.Trim().Length == 0 || text.Length > 1000)
            {
                errors["text"] = ["A test message is 1 to 1000 characters."];
            }

            if (request.TimeoutSeconds is < 1 or > 600)
            {
                errors["timeoutSeconds"] = ["Wait 1 to 600 seconds for the delivery status."];
            }

            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }

            message = new TestMessageRequest(to!, text, TimeSpan.FromSeconds(request.TimeoutSeconds ?? 60));
        }

        var (operation, running) = await StartOnIntegrationAsync(operations, OperationKind.Test, record, nameof(TestWorkflow), id => new TestInput(id, record.Id, message), clock, ct);
        return operation is null ? running! : TypedResults.Accepted(OperationLocation(operation.Id), operation);
    }

    public static async Task<Results<Accepted<OperationView>, ProblemHttpResult>> RefreshAsync(
        string integrationId, HttpContext context, IntegrationService integrations, LifecycleOperations operations, IOptions<TokenRefreshOptions> refresh, TimeProvider clock, CancellationToken ct)
    {
        var record = await FindVisibleAsync(integrationId, context, integrations, ct);
        if (record is null)
        {
            return TenantsApi.NotFound("integration");
        }

        var (operation, running) = await StartOnIntegrationAsync(operations, OperationKind.Refresh, record, nameof(RefreshTokenWorkflow),
            id => new RefreshTokenInput(record.Id, refresh.Value.Horizon, refresh.Value.RetryAfter, id), clock, ct);
        return operation is null ? running! : TypedResults.Accepted(OperationLocation(operation.Id), operation);
    }

    public static async Task<Results<Ok<IReadOnlyList<OperationView>>, ProblemHttpResult>> ListOperationsAsync(
        string integrationId, HttpContext context, IntegrationService integrations, LifecycleOperations operations, CancellationToken ct)
    {
        var record = await FindVisibleAsync(integrationId, context, integrations, ct);
        if (record is null)
        {
            return TenantsApi.NotFound("integration");
        }

        var views = new List<OperationView>();
        foreach (var operation in await operations.ListAsync(record.Id, ct))
        {
            views.Add(await operations.ViewAsync(operation, ct));
        }

        return TypedResults.Ok<IReadOnlyList<OperationView>>(views);
    }

    /// <summary>
    /// Removes the integration at once. What a disconnect would undo is undone first, best effort: its token refresh
    /// stopped, its webhook removed at the platform where the gateway registered it; deleting releases its account.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string integrationId, HttpContext context, IntegrationService integrations, WebhookRegistrar webhooks, IWorkflowEngine workflows, ILoggerFactory loggers, CancellationToken ct)
    {
        var record = await FindVisibleAsync(integrationId, context, integrations, ct);
        if (record is null)
        {
            return TenantsApi.NotFound("integration");
        }

        var logger = loggers.CreateLogger("DaprChannels.IntegrationAdmin.Delete");
        try
        {
            await TokenRefresh.StopAsync(workflows, record.Id, ct);
            var removed = await webhooks.RemoveAsync(record.Id, ct);
            if (removed.Applicable && !removed.Ok)
            {
                logger.LogWarning("Deleting integration {IntegrationId}: the platform did not remove its webhook", record.Id);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("Deleting integration {IntegrationId}: undoing its registrations failed: {Error}", record.Id, ex.GetType().Name);
        }

        return await integrations.DeleteAsync(record.TenantId, record.Id, ct) ? TypedResults.NoContent() : TenantsApi.NotFound("integration");
    }

    public static async Task<Ok<IReadOnlyList<IntegrationView>>> ListAsync(HttpContext context, IntegrationService integrations, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        var records = principal.TenantId is null ? [] : await integrations.ListAsync(principal.TenantId, ct);
        return TypedResults.Ok<IReadOnlyList<IntegrationView>>(records.Select(r => View(r, integrations.WebhookUrl(r, RequestBase(context)), null, context)).ToList());
    }

    public static async Task<Results<Ok<IntegrationView>, ProblemHttpResult>> GetAsync(string integrationId, HttpContext context, IntegrationService integrations, CancellationToken ct)
    {
        var record = await FindVisibleAsync(integrationId, context, integrations, ct);
        return record is null ? TenantsApi.NotFound("integration") : TypedResults.Ok(View(record, integrations.WebhookUrl(record, RequestBase(context)), null, context));
    }

    public static async Task<Results<Ok<IntegrationView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string integrationId, UpdateRequest request, HttpContext context, IntegrationService integrations, IntegrationDirectory directory, ChannelRegistry channels, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        if (principal.TenantId is null)
        {
            return TenantsApi.NotFound("integration");
        }

        try
        {
            var record = await integrations.UpdateAsync(principal.TenantId, integrationId, request.Name?.Trim(),
                request.Config is null ? null : Flatten(request.Config), request.Credentials, request.Bot, request.Status, ct);
            if (record is null)
            {
                return TenantsApi.NotFound("integration");
            }

            ConnectionCheck? check = null;
            if (record.Status == IntegrationStatus.Pending)
            {
                // A change that needs the account proven again is tested at once, as connecting is.
                var result = await integrations.TestCredentialsAsync(record, ct);
                record = await integrations.RecordTestAsync(record.Id, result, ct) ?? record;
                check = new ConnectionCheck(result.Ok, result.Summary, result.Details, null);
            }

            return TypedResults.Ok(View(record, integrations.WebhookUrl(record, RequestBase(context)), check, context));
        }
        catch (IntegrationValidationException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors);
        }
    }

    public static async Task<Results<Ok<RotatedCredential>, ValidationProblem, ProblemHttpResult>> RotateAsync(
        string integrationId,
        string field,
        HttpContext context,
        IntegrationService integrations,
        IntegrationDirectory directory,
        ChannelRegistry channels,
        IOptions<DaprChannelsOptions> options,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        if (principal.TenantId is null)
        {
            return TenantsApi.NotFound("integration");
        }

        (IntegrationRecord Record, string Value)? rotated;
        try
        {
            rotated = await integrations.RotateAsync(principal.TenantId, integrationId, field, ct);
        }
        catch (IntegrationValidationException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors);
        }

        if (rotated is not { } done)
        {
            return TenantsApi.NotFound("integration");
        }

        var webhookUrl = integrations.WebhookUrl(done.Record, RequestBase(context));
        ConnectionCheck? check = null;
        if (WebhookRegistrar.Registers(channels.Get(done.Record.Platform).Capabilities, options.Value))
        {
            // The platform sends the token back with each delivery: it must learn the new one.
            check = await CheckConnectionAsync(done.Record, webhookUrl, integrations, directory, channels, options.Value, loggers.CreateLogger("DaprChannels.IntegrationAdmin.Connect"), ct);
        }

        var record = await integrations.FindAsync(principal.TenantId, integrationId, ct) ?? done.Record;
        return TypedResults.Ok(new RotatedCredential(field, done.Value, View(record, webhookUrl, null, context), check));
    }

    public static Ok<IReadOnlyList<PlatformView>> ListPlatforms(ChannelRegistry channels) =>
        TypedResults.Ok<IReadOnlyList<PlatformView>>(channels.All
            .OrderBy(a => a.Descriptor.Platform)
            .Select(a => new PlatformView(a.Descriptor.Platform, a.Descriptor.DisplayName, a.Descriptor.ConfigFields, a.Descriptor.CredentialFields, a.Capabilities))
            .ToList());

    private static async Task<ConnectionCheck> CheckConnectionAsync(
        IntegrationRecord record, Uri webhookUrl, IntegrationService integrations, IntegrationDirectory directory, ChannelRegistry channels, DaprChannelsOptions options, ILogger logger, CancellationToken ct)
    {
        var adapter = channels.Get<IChannelLifecycle>(record.Platform);
        try
        {
            var resolved = await directory.ResolveAsync(record, ct);
            var test = await adapter.TestCredentialsAsync(resolved.Channel, ct);
            await integrations.RecordTestAsync(record.Id, test, ct);
            bool? registered = null;
            if (test.Ok && WebhookRegistrar.Registers(adapter.Capabilities, options))
            {
                var registration = await adapter.RegisterWebhookAsync(resolved.Channel, webhookUrl, ct);
                registered = registration.Ok;
                if (!registration.Ok)
                {
                    return new ConnectionCheck(false, registration.Summary, registration.Details, false);
                }
            }

            return new ConnectionCheck(test.Ok, test.Summary, test.Details, registered);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("Testing integration {IntegrationId} failed: {Error}", record.Id, ex.GetType().Name);
            return new ConnectionCheck(false, "The connection test could not run.", null, null);
        }
    }

    private static string Connecting(string operationId) => $"Connecting: operation {operationId} is running.";

    /// <summary>What a connect holds while it runs: the integration and, where the platform has one, its account.</summary>
    private static IEnumerable<string> Subjects(IntegrationRecord record, IntegrationService integrations)
    {
        if (integrations.AccountOf(record.Platform, record.Config) is { } account)
        {
            yield return LifecycleOperations.AccountSubject(record.Platform, account);
        }

        yield return LifecycleOperations.IntegrationSubject(record.Id);
    }

    private static async Task<OperationView> StartAsync(
        LifecycleOperations operations, OperationKind kind, IntegrationRecord record, string operationId, string workflowName, object input, TimeProvider clock, CancellationToken ct)
    {
        var operation = new LifecycleOperation(operationId, kind, record.TenantId, record.Id, workflowName, clock.GetUtcNow());
        await operations.StartAsync(operation, input, ct);
        return new OperationView(operation.Id, kind, record.Id, OperationStatus.Running, null, operation.StartedAt, operation.StartedAt, null, null);
    }

    /// <summary>
    /// Starts an operation that acts on the integration alone (a disconnect, test or refresh), holding only the
    /// integration while it runs; or, when another operation holds it, the answer naming that one to follow.
    /// </summary>
    private static async Task<(OperationView? Started, ProblemHttpResult? Running)> StartOnIntegrationAsync(
        LifecycleOperations operations, OperationKind kind, IntegrationRecord record, string workflowName, Func<string, object> inputFor, TimeProvider clock, CancellationToken ct)
    {
        var operationId = LifecycleOperations.NewId();
        if (await operations.HoldAsync(operationId, [LifecycleOperations.IntegrationSubject(record.Id)], ct) is { } running)
        {
            return (null, OperationRunning(running, "An operation on this integration is running."));
        }

        return (await StartAsync(operations, kind, record, operationId, workflowName, inputFor(operationId), clock, ct), null);
    }

    private static string OperationLocation(string operationId) => $"/api/v1/operations/{operationId}";

    internal static ProblemHttpResult OperationRunning(string operationId, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Operation running",
            detail: $"{detail} Follow it at {OperationLocation(operationId)}.",
            extensions: new Dictionary<string, object?> { ["operationId"] = operationId });

    private static async Task<IntegrationRecord?> FindVisibleAsync(string integrationId, HttpContext context, IntegrationService integrations, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        return principal.TenantId is null ? null : await integrations.FindAsync(principal.TenantId, integrationId, ct);
    }

    /// <summary>Every answer that shows an integration comes through here: its credentials masked for the caller's role.</summary>
    private static IntegrationView View(IntegrationRecord r, Uri webhookUrl, ConnectionCheck? check, HttpContext context)
    {
        var principal = AdminAuthorization.Principal(context);
        return new(
            r.Id, r.TenantId, r.Platform, r.Name, r.Status, r.StatusReason, webhookUrl, r.Config,
            CredentialMask.For(principal, r.CredentialMask), r.SecretRefs, BotFor(principal, r.Bot), r.CreatedAt, r.UpdatedAt, check, r.CredentialStatus);
    }

    /// <summary>
    /// A bot endpoint's query string often carries a key (<c>?code=...</c>): only those who manage the integration
    /// see it; agents and viewers see where the bot is, not how to call it.
    /// </summary>
    private static BotSettings BotFor(AdminPrincipal principal, BotSettings bot) =>
        principal.HasRole(RoleSets.Manage) || bot.Endpoint is null || !Uri.TryCreate(bot.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Query.Length == 0
            ? bot
            : bot with { Endpoint = endpoint.GetLeftPart(UriPartial.Path) + "?••••" };

    private static Uri RequestBase(HttpContext context) => new($"{context.Request.Scheme}://{context.Request.Host}");

    /// <summary>Config values are stored as strings; structured values keep their JSON text; a null is a value left out.</summary>
    private static Dictionary<string, string> Flatten(Dictionary<string, JsonElement>? config) =>
        (config ?? []).Where(kv => kv.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            .ToDictionary(kv => kv.Key, kv => kv.Value.ValueKind == JsonValueKind.String ? kv.Value.GetString()! : kv.Value.GetRawText());
}
