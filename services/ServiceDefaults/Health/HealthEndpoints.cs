namespace DaprChannels.ServiceDefaults.Health;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>/healthz</c>: the process is alive (no dependency checked, so a broker outage does not
    /// restart pods). <c>/readyz</c>: the building blocks answer, so traffic may be sent here.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "alive" }))
            .WithName("Liveness").ExcludeFromDescription();
        app.MapGet("/readyz", async (IBuildingBlocksHealth health, CancellationToken ct) =>
            {
                BuildingBlocksHealthReport report;
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(TimeSpan.FromSeconds(5));
                    report = await health.CheckAsync(timeout.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    report = new BuildingBlocksHealthReport(false, "unknown", new Dictionary<string, string> { ["error"] = ex.GetType().Name });
                }

                var body = new { status = report.Healthy ? "ready" : "unavailable", mode = report.Mode, details = report.Details };
                return report.Healthy ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithName("Readiness").ExcludeFromDescription();
        return app;
    }
}
