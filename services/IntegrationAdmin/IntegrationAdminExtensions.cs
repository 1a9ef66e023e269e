using DaprChannels.BuildingBlocks;
using DaprChannels.IntegrationAdmin.Apis;
using DaprChannels.IntegrationAdmin.DeadLetters;
using DaprChannels.IntegrationAdmin.Leads;
using DaprChannels.IntegrationAdmin.Lifecycle;
using DaprChannels.IntegrationAdmin.Tenants;
using DaprChannels.Integrations.Outbound;

namespace DaprChannels.IntegrationAdmin;

public static class IntegrationAdminExtensions
{
    public const string AppId = AppIds.IntegrationAdmin;

    public static WebApplicationBuilder AddIntegrationAdmin(this WebApplicationBuilder builder)
    {
        builder.AddIntegrationKernel();
        var services = builder.Services;
        services.AddSingleton<AdminAuthenticator>();
        services.AddSingleton<ApiKeyUsage>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<IntegrationService>();
        services.AddSingleton<IntegrationUrlValidator>();
        services.AddHostedService<DemoSeeder>();
        services.AddSingleton<MessageViews>();
        services.AddEventSubscription<OutboundMessageResult, OutboundResultHandler>(OutboundMessageResult.Topic, AppId);
        services.AddEventSubscription<OutboundStatusChanged, OutboundStatusHandler>(OutboundStatusChanged.Topic, AppId);
        services.Configure<TokenRefreshOptions>(builder.Configuration.GetSection(TokenRefreshOptions.Section));
        services.Configure<LeadWebhookOptions>(builder.Configuration.GetSection(LeadWebhookOptions.Section));
        services.AddSingleton<LeadStore>();
        // The receiver's URL is the tenant's: the outbound-URL policy's client, with no request logging.
        services.AddOutboundHttpClient(LeadWebhookSender.HttpClientName);
        services.AddSingleton<LeadWebhookSender>();
        services.AddEventSubscription<LeadCaptured, LeadCapturedHandler>(LeadCaptured.Topic, AppId);
        services.AddIntegrationLifecycle();
        services.AddDocsApi();
        var buildingBlocks = BuildingBlocksModeInfo.Of(services);
        if (buildingBlocks.Mode == BuildingBlocksMode.Dapr)
        {
            services.AddDeadLetterRecording(builder.Configuration, buildingBlocks.AppId, AppId);
        }

        return builder;
    }

    public static WebApplication MapIntegrationAdmin(this WebApplication app)
    {
        app.MapTenantsApi();
        app.MapIntegrationsApi();
        app.MapOperationsApi();
        app.MapMediaApi();
        app.MapLeadsApi();
        app.MapDocsApi();
        app.MapDeadLettersApi();
        app.MapMessagesApi();
        app.MapSecretGrantsApi();
        app.MapAccountClaimsApi();
        return app;
    }
}
