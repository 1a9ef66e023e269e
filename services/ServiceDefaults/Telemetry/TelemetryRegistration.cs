using DaprChannels.BuildingBlocks.PubSub;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DaprChannels.ServiceDefaults.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>The probe paths that are answered without a span: orchestrators call them every few seconds.</summary>
    public static readonly IReadOnlyList<PathString> ProbePaths = ["/healthz", "/readyz"];

    /// <summary>
    /// Traces and metrics from ASP.NET Core, HttpClient, the pub/sub hops and the services. Traces are
    /// always recorded (so trace context flows through events and outbound calls); they are exported
    /// over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The providers live in the host's
    /// container, so stopping the host flushes the spans still buffered.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var export = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing
                    .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
                    .AddSource(DaprChannelsTelemetry.Name, PubSubTelemetry.SourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                    .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request => !IsSidecarProbe(request.RequestUri))
                    // First processor: every exporter added after it sees the redacted URLs.
                    .AddProcessor(new SecretUrlRedactor());
                if (export)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(DaprChannelsTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (export)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return builder;
    }

    public static bool IsProbe(PathString path) => ProbePaths.Any(probe => path.Equals(probe, StringComparison.OrdinalIgnoreCase));

    /// <summary>The Dapr sidecar's own health endpoint, polled at start-up and by readiness.</summary>
    public static bool IsSidecarProbe(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && uri.AbsolutePath.StartsWith("/v1.0/healthz", StringComparison.OrdinalIgnoreCase);
}
