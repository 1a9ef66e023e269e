using Microsoft.Extensions.Hosting;

namespace DaprChannels.IntegrationAdmin.Tenants;

/// <summary>
/// On a first start with <c>DaprChannels:SeedDemo</c>, creates the <c>demo</c> tenant and the
/// <c>demo-widget</c> integration the demo page chats through, so there is something to try at once.
/// </summary>
public sealed class DemoSeeder(IServiceProvider services, IOptions<DaprChannelsOptions> options, ILogger<DemoSeeder> logger) : BackgroundService
{
    public const string TenantId = "demo";
    public const string WidgetIntegrationId = "demo-widget";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SeedDemo)
        {
            return;
        }

        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await SeedAsync(stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 30)
            {
                logger.LogWarning("Demo seeding failed ({Error}); retrying", ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var state = scope.ServiceProvider.GetRequiredKeyedService<IStateStore>(StateStores.IntegrationReadModel);
        if (await state.GetAsync<IntegrationRecord>(IntegrationReadModelKeys.Integration(WidgetIntegrationId), cancellationToken) is not null)
        {
            return;
        }

        var tenants = scope.ServiceProvider.GetRequiredService<TenantService>();
        if (await tenants.FindAsync(TenantId, cancellationToken) is null)
        {
            await tenants.CreateAsync("Demo", TenantId, cancellationToken);
        }

        var integrations = scope.ServiceProvider.GetRequiredService<IntegrationService>();
        await integrations.CreateAsync(TenantId, new IntegrationDraft(
            Platforms.Widget,
            "Demo website chat",
            new Dictionary<string, string>
            {
                ["title"] = "DaprChannels demo",
                ["greeting"] = "Hi! Ask me anything — try 'hello', 'help' or 'menu'.",
            },
            new Dictionary<string, string>(),
            new Dictionary<string, string>(),
            BotSettings.Default,
            WidgetIntegrationId), cancellationToken);
        logger.LogInformation("Created the demo tenant and the {IntegrationId} widget integration", WidgetIntegrationId);
    }
}
