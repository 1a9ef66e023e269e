using DaprChannels.BuildingBlocks.Dapr;
using DaprChannels.BuildingBlocks.Embedded;
using DaprChannels.BuildingBlocks.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DaprChannels.ServiceDefaults;

public static class BuildingBlocksRegistration
{
    /// <summary>Picks Dapr or embedded building blocks from <c>BuildingBlocks:Mode</c> (Auto: Dapr when a sidecar is announced).</summary>
    public static WebApplicationBuilder AddBuildingBlocks(this WebApplicationBuilder builder, string appId)
    {
        var options = builder.Configuration.GetSection(BuildingBlocksOptions.Section).Get<BuildingBlocksOptions>() ?? new BuildingBlocksOptions();
        options.AppId ??= appId;
        if (!Path.IsPathRooted(options.Embedded.DataDirectory))
        {
            options.Embedded.DataDirectory = Path.GetFullPath(options.Embedded.DataDirectory, builder.Environment.ContentRootPath);
        }

        options.Embedded.SecretsFile ??= Path.Combine(options.Embedded.DataDirectory, "secrets.json");
        builder.Services.AddSingleton(Options.Create(options));

        var mode = options.Resolve(builder.Configuration.GetValue<string>);
        builder.Services.AddSingleton(new BuildingBlocksModeInfo(mode, options.AppId));
        if (mode == BuildingBlocksMode.Dapr)
        {
            builder.Services.AddDaprBuildingBlocks(options);
            builder.Services.AddDaprWorkflowEngine();
        }
        else
        {
            builder.Services.AddEmbeddedBuildingBlocks(options);
        }

        return builder;
    }

    /// <summary>The sidecar-facing routes (subscriptions, deliveries, cron bindings) under Dapr; nothing embedded.</summary>
    public static IEndpointRouteBuilder MapBuildingBlockEndpoints(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<BuildingBlocksModeInfo>().Mode == BuildingBlocksMode.Dapr)
        {
            app.MapDaprEndpoints();
        }

        return app;
    }
}
