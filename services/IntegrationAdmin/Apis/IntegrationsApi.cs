using System.Text.Json;
using System.Text.Json.Serialization;
using DaprChannels.Channels.Abstractions;
using DaprChannels.Contracts.Integrations;
using DaprChannels.IntegrationAdmin.Auth;
using DaprChannels.IntegrationAdmin.Integrations;
using DaprChannels.ServiceDefaults;
using DaprChannels.ServiceDefaults.Integrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprChannels.IntegrationAdmin.Apis;

public static class IntegrationsApi
{
    public static IEndpointRouteBuilder MapIntegrationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/integrations").WithTags("Integrations");
        group.MapPost("/", ConnectAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("ConnectIntegration").WithSummary("Connects a platform account: stores encrypted credentials, tests them, registers the webhook where the platform allows.");
        group.MapGet("/", ListAsync).RequireAdminRole(RoleSets.Read)
            .WithName("ListIntegrations").WithSummary("Lists the tenant's integrations (credentials masked).");
        group.MapGet("/{integrationId}", GetAsync).RequireAdminRole(RoleSets.Read)
            .WithName("GetIntegration").WithSummary("Reads an integration (credentials masked).");
        group.MapPatch("/{integrationId}", UpdateAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("UpdateIntegration").WithSummary("Changes name, config, bot, status or credentials.");
        group.MapDelete("/{integrationId}", DisconnectAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("DisconnectIntegration").WithSummary("Disconnects an integration; its webhook URL stops accepting deliveries.");
        group.MapPost("/{integrationId}/test", TestAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("TestIntegration").WithSummary("Tests the stored credentials against the platform.");
        group.MapPost("/{integrationId}/refresh", RefreshAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("RefreshIntegrationToken").WithSummary("Refreshes a token that expires, where the platform has such tokens.");
        group.MapPost("/{integrationId}/credentials/{field}/rotate", RotateAsync).RequireAdminRole(RoleSets.Manage)
            .WithName("RotateGeneratedCredential")
            .WithSummary("Replaces a credential the gateway generated (a webhook verify token) and shows the new value once; the webhook is registered again where the platform allows.");

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
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? GeneratedCredentials = null);

    /// <param name="Value">The new value, shown this once: enter it where the platform asks for it.</param>
    public sealed record RotatedCredential(string Field, string Value, IntegrationView Integration, ConnectionCheck? Connection);

    public sealed record PlatformView(string Platform, string DisplayName, IReadOnlyList<ChannelField> Config, IReadOnlyList<ChannelField> Credentials, ChannelCapabilities Capabilities);

    public static async Task<Results<Created<IntegrationView>, ValidationProblem, ProblemHttpResult>> ConnectAsync(
        ConnectRequest request,
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
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No tenant",
                detail: "Use a tenant API key, or send X-Tenant-Id with the operator key.");
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Platform))
        {
            errors["platform"] = ["Required."];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["A name of 1 to 200 characters is required."];
        }

        if (request.Id is not null && !Identifiers.IsValid(request.Id))
        {
            errors["id"] = ["An id is 1 to 64 letters, digits, '-' or '_'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        CreatedIntegration created;
        try
        {
            created = await integrations.CreateAsync(principal.TenantId, new IntegrationDraft(
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
            return TypedResults.ValidationProblem(ex.Errors.ToDictionary(kv => kv.Key, kv => kv.Value));
        }

        var record = created.Record;
        var webhookUrl = integrations.WebhookUrl(record, RequestBase(context));
        var check = await CheckConnectionAsync(record, webhookUrl, integrations, directory, channels, options.Value, loggers.CreateLogger("DaprChannels.IntegrationAdmin.Connect"), ct);
        record = await integrations.FindAsync(principal.TenantId, record.Id, ct) ?? record;
        return TypedResults.Created($"/api/v1/integrations/{record.Id}",
            View(record, webhookUrl, check, context) with { GeneratedCredentials = created.GeneratedCredentials.Count == 0 ? null : created.GeneratedCredentials });
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
                var result = await TestCredentialsAsync(record, directory, channels, ct);
                record = await integrations.RecordTestAsync(record.Id, result, ct) ?? record;
                check = new ConnectionCheck(result.Ok, result.Summary, result.Details, null);
            }

            return TypedResults.Ok(View(record, integrations.WebhookUrl(record, RequestBase(context)), check, context));
        }
        catch (IntegrationValidationException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors.ToDictionary(kv => kv.Key, kv => kv.Value));
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DisconnectAsync(string integrationId, HttpContext context, IntegrationService integrations, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        return principal.TenantId is not null && await integrations.DeleteAsync(principal.TenantId, integrationId, ct)
            ? TypedResults.NoContent()
            : TenantsApi.NotFound("integration");
    }

    public static async Task<Results<Ok<ConnectionCheck>, ProblemHttpResult>> TestAsync(
        string integrationId, HttpContext context, IntegrationService integrations, IntegrationDirectory directory, ChannelRegistry channels, CancellationToken ct)
    {
        var record = await FindVisibleAsync(integrationId, context, integrations, ct);
        if (record is null)
        {
            return TenantsApi.NotFound("integration");
        }

        var result = await TestCredentialsAsync(record, directory, channels, ct);
        await integrations.RecordTestAsync(record.Id, result, ct);
        return TypedResults.Ok(new ConnectionCheck(result.Ok, result.Summary, WithExpiry(result.Details, result.ExpiresAt, result.NeverExpires), null));
    }

    public static async Task<Results<Ok<ConnectionCheck>, ProblemHttpResult>> RefreshAsync(
        string integrationId, HttpContext context, IntegrationService integrations, IntegrationDirectory directory, ChannelRegistry channels, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        var record = await FindVisibleAsync(integrationId, context, integrations, ct);
        if (record is null || principal.TenantId is null)
        {
            return TenantsApi.NotFound("integration");
        }

        TokenRefreshResult result;
        try
        {
            var resolved = await directory.ResolveAsync(record, ct);
            result = await channels.Get(record.Platform).RefreshCredentialsAsync(resolved.Channel, ct);
        }
        catch (ChannelConfigurationException ex)
        {
            result = new TokenRefreshResult(false, ex.Message);
        }

        if (result.Refreshed && result.UpdatedCredentials is { Count: > 0 } updated)
        {
            await integrations.UpdateAsync(principal.TenantId, integrationId, null, null, updated, null, IntegrationStatus.Active, ct);
        }

        await integrations.RecordRefreshAsync(integrationId, result, ct);
        return TypedResults.Ok(new ConnectionCheck(result.Refreshed, result.Summary, WithExpiry(null, result.ExpiresAt, result.NeverExpires), null));
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
            return TypedResults.ValidationProblem(ex.Errors.ToDictionary(kv => kv.Key, kv => kv.Value));
        }

        if (rotated is not { } done)
        {
            return TenantsApi.NotFound("integration");
        }

        var webhookUrl = integrations.WebhookUrl(done.Record, RequestBase(context));
        ConnectionCheck? check = null;
        if (channels.Get(done.Record.Platform).Capabilities.CanRegisterWebhook && !string.IsNullOrEmpty(options.Value.PublicBaseUrl))
        {
            // The platform sends the token back with each delivery: it must learn the new one.
            check = await CheckConnectionAsync(done.Record, webhookUrl, integrations, directory, channels, options.Value, loggers.CreateLogger("DaprChannels.IntegrationAdmin.Connect"), ct);
        }

        var record = await integrations.FindAsync(principal.TenantId, integrationId, ct) ?? done.Record;
        return TypedResults.Ok(new RotatedCredential(field, done.Value, View(record, webhookUrl, null, context), check));
    }

    private static async Task<CredentialTestResult> TestCredentialsAsync(IntegrationRecord record, IntegrationDirectory directory, ChannelRegistry channels, CancellationToken ct)
    {
        try
        {
            var resolved = await directory.ResolveAsync(record, ct);
            return await channels.Get(record.Platform).TestCredentialsAsync(resolved.Channel, ct);
        }
        catch (ChannelConfigurationException ex)
        {
            return new CredentialTestResult(false, ex.Message);
        }
    }

    /// <summary>The token's expiry, as the platform gave it, beside the check's own details.</summary>
    private static IReadOnlyDictionary<string, string>? WithExpiry(IReadOnlyDictionary<string, string>? details, DateTimeOffset? expiresAt, bool neverExpires)
    {
        if (expiresAt is null && !neverExpires)
        {
            return details;
        }

        var all = new Dictionary<string, string>(details ?? new Dictionary<string, string>());
        all["expiresAt"] = expiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never";
        return all;
    }

    public static Ok<IReadOnlyList<PlatformView>> ListPlatforms(ChannelRegistry channels) =>
        TypedResults.Ok<IReadOnlyList<PlatformView>>(channels.All
            .OrderBy(a => a.Descriptor.Platform)
            .Select(a => new PlatformView(a.Descriptor.Platform, a.Descriptor.DisplayName, a.Descriptor.ConfigFields, a.Descriptor.CredentialFields, a.Capabilities))
            .ToList());

    private static async Task<ConnectionCheck> CheckConnectionAsync(
        IntegrationRecord record, Uri webhookUrl, IntegrationService integrations, IntegrationDirectory directory, ChannelRegistry channels, DaprChannelsOptions options, ILogger logger, CancellationToken ct)
    {
        var adapter = channels.Get(record.Platform);
        try
        {
            var resolved = await directory.ResolveAsync(record, ct);
            var test = await adapter.TestCredentialsAsync(resolved.Channel, ct);
            await integrations.RecordTestAsync(record.Id, test, ct);
            bool? registered = null;
            if (test.Ok && adapter.Capabilities.CanRegisterWebhook && !string.IsNullOrEmpty(options.PublicBaseUrl))
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
