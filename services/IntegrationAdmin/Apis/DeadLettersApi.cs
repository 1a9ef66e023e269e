namespace DaprChannels.IntegrationAdmin.Apis;

/// <summary>
/// Events a consumer gave up on, for the operator (they span tenants). The embedded building blocks
/// record them; under Dapr IntegrationAdmin records what arrives on every app's dead-letter topic
/// (<see cref="DeadLetters.DeadLetterStore"/>), with no attempt count and no handler's reason, which daprd does not keep.
/// </summary>
public static class DeadLettersApi
{
    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/dead-letters", ListAsync).RequireOperator().WithTags("Operations")
            .WithName("ListDeadLetters").WithSummary("Events that were dropped or ran out of delivery attempts, newest first.");
        return app;
    }

    public sealed record DeadLetterView(
        long Sequence, string Topic, string Consumer, string EventId, string Type, string Reason, int Attempts,
        DateTimeOffset DeadLetteredAt, DateTimeOffset EventTime, int DataBytes, string? TraceParent);

    public sealed record DeadLetterPage(long Total, IReadOnlyList<DeadLetterView> Items);

    public static async Task<Results<Ok<DeadLetterPage>, ProblemHttpResult>> ListAsync(
        HttpContext context, string? topic, int? skip, int? take, CancellationToken ct)
    {
        if (context.RequestServices.GetService<IDeadLetterReader>() is not { } reader)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not recorded here",
                detail: "Dead letters are recorded by the host that runs IntegrationAdmin.");
        }

        var page = Math.Clamp(take ?? 50, 1, 500);
        var from = Math.Max(0, skip ?? 0);
        // Counted first: a dead letter written between the two reads then shows in the items and raises
        // the total with it, rather than being counted with an empty page.
        var total = await reader.CountAsync(topic, ct);
        var items = await reader.ListAsync(from, page, topic, ct);
        return TypedResults.Ok(new DeadLetterPage(
            Math.Max(total, from + items.Count),
            items.Select(d => new DeadLetterView(d.Sequence, d.Topic, d.Consumer, d.EventId, d.Type, d.Reason, d.Attempts,
                d.DeadLetteredAt, d.EventTime, d.Data.Length, d.TraceParent)).ToList()));
    }
}
