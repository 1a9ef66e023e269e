using System.Text.Json;
using DaprChannels.ServiceDefaults.Errors;
using DaprChannels.ServiceDefaults.Health;
using DaprChannels.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DaprChannels.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// What every service shares: building blocks (Dapr or embedded), JSON options, problem details,
    /// health and telemetry. Safe to call more than once per host; the first call decides the app id,
    /// so the AllInOne host calls it once, first, for all five services.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ServiceDefaultsMarker)))
        {
            return builder;
        }

        services.AddSingleton<ServiceDefaultsMarker>();
        services.AddSingleton<DefaultEndpointsMarker>();
        services.TryAddSingleton(TimeProvider.System);

        builder.AddBuildingBlocks(serviceName);
        services.ConfigureHttpJsonOptions(o => CopyJsonOptions(o));
        services.AddExceptionHandler<BuildingBlockUnavailableHandler>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? c.HttpContext.TraceIdentifier);

        builder.AddTelemetry(serviceName);
        services.Configure<LoggerFactoryOptions>(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (!builder.Environment.IsDevelopment())
        {
            // Structured JSON lines for log collectors; the readable format stays for development.
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
        return builder;
    }

    /// <summary>Health endpoints and the error handling every service answers with.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        if (app.Services.GetService<DefaultEndpointsMarker>() is { Mapped: true })
        {
            return app;
        }

        app.Services.GetRequiredService<DefaultEndpointsMarker>().Mapped = true;
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.MapBuildingBlockEndpoints();
        return app;
    }

    private static void CopyJsonOptions(JsonOptions options)
    {
        var target = options.SerializerOptions;
        target.PropertyNamingPolicy = EventJson.Options.PropertyNamingPolicy;
        target.DefaultIgnoreCondition = EventJson.Options.DefaultIgnoreCondition;
        target.PropertyNameCaseInsensitive = true;
        foreach (var converter in EventJson.Options.Converters)
        {
            target.Converters.Add(converter);
        }
    }

    private sealed class ServiceDefaultsMarker;
}

/// <summary>Lets the AllInOne host map the shared endpoints once although five services ask for them.</summary>
public sealed class DefaultEndpointsMarker
{
    public bool Mapped { get; set; }
}
