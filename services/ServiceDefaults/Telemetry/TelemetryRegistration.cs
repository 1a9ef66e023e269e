using DaprChannels.BuildingBlocks.PubSub;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DaprChannels.ServiceDefaults.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>
    /// Traces and metrics from ASP.NET Core, HttpClient, the pub/sub hops and the services. Traces are
    /// always recorded (so trace context flows through events and outbound calls); they are exported
    /// over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var export = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName);

        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
            .AddSource(DaprChannelsTelemetry.Name, PubSubTelemetry.SourceName, "Microsoft.AspNetCore", "System.Net.Http")
            .AddProcessor(new SecretUrlRedactor());
        var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(DaprChannelsTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http");
        if (export)
        {
            tracing.AddOtlpExporter();
            metrics.AddOtlpExporter();
        }

        builder.Services.AddSingleton(tracing.Build()!);
        builder.Services.AddSingleton(metrics.Build()!);
        return builder;
    }
}
