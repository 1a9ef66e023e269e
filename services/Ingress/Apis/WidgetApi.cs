using System.Reflection;
using System.Text;
using System.Text.Json;
using DaprChannels.BuildingBlocks;
using DaprChannels.BuildingBlocks.State;
using DaprChannels.Contracts.Events;
using DaprChannels.Ingress.Widget;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace DaprChannels.Ingress.Apis;

/// <summary>
/// The website chat widget: the embed script, visitor sessions, messages in, and replies out over
/// server-sent events. Replies come from the Dispatcher on <c>widget.reply</c> into the visitor's mailbox,
/// which Ingress owns (<see cref="WidgetReplyHandler"/>), and each open stream polls it, so a reply reaches the visitor whichever Ingress replica holds the
/// connection (and a reconnecting page resumes from its last event id).
/// </summary>
public static class WidgetApi
{
    private static readonly Lazy<byte[]> EmbedScript = new(() => Asset("widget.js"));
    private static readonly Lazy<string> DemoPage = new(() => Encoding.UTF8.GetString(Asset("demo.html")));

    public static IEndpointRouteBuilder MapWidgetApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/widget").WithTags("Website widget");
        group.MapGet("/embed.js", EmbedScriptResult)
            .WithName("WidgetEmbedScript").WithSummary("The script a site embeds to show the chat bubble.");
        group.MapGet("/{integrationId}/config", GetConfigAsync)
            .WithName("WidgetConfig").WithSummary("Public display settings of a widget integration.")
            .Produces<WidgetConfig>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{integrationId}/sessions", StartSessionAsync)
            .WithName("WidgetStartSession").WithSummary("Starts a visitor session and returns its token.")
            .Produces<WidgetSession>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{integrationId}/messages", PostMessageAsync)
            .WithName("WidgetPostMessage").WithSummary("A visitor's message; answered 202 once it is durably accepted.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/{integrationId}/events", StreamRepliesAsync)
            .WithName("WidgetReplies").WithSummary("Server-sent events carrying the replies for one visitor.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapMethods("/{integrationId}/{**rest}", ["OPTIONS"], Preflight).ExcludeFromDescription();

        var demo = app.ServiceProvider.GetRequiredService<IOptions<IngressOptions>>().Value.DemoIntegrationId;
        if (!string.IsNullOrEmpty(demo))
        {
            app.MapGet("/", () => Results.Content(DemoPage.Value.Replace("{{integrationId}}", demo, StringComparison.Ordinal), "text/html; charset=utf-8"))
                .ExcludeFromDescription();
        }

        return app;
    }

    private static IResult EmbedScriptResult(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Bytes(EmbedScript.Value, "text/javascript; charset=utf-8");
    }

    private static IResult Preflight(HttpContext context)
    {
        WidgetCors.Apply(context);
        return Results.NoContent();
    }

    public static async Task<IResult> GetConfigAsync(string integrationId, HttpContext context, WebhookIntake intake)
    {
        var (integration, refusal) = await FindForOriginAsync(integrationId, context, intake);
        if (integration is null)
        {
            return refusal!;
        }

        var channel = integration.Channel;
        return TypedResults.Ok(new WidgetConfig(
            integration.Record.Name,
            channel.ConfigValue("title") ?? integration.Record.Name,
            channel.ConfigValue("greeting"),
            channel.ConfigValue("accentColor") ?? "#2563eb"));
    }

    public static async Task<IResult> StartSessionAsync(string integrationId, HttpContext context, WebhookIntake intake)
    {
        var (integration, refusal) = await FindForOriginAsync(integrationId, context, intake);
        if (integration is null)
        {
            return refusal!;
        }

        var visitorId = WidgetSessions.NewVisitorId();
        return TypedResults.Ok(new WidgetSession(visitorId, WidgetSessions.Issue(integration.Channel, visitorId)));
    }

    public static async Task<IResult> PostMessageAsync(
        string integrationId,
        HttpContext context,
        WebhookIntake intake,
        WebhookRequestReader reader,
        ChannelRegistry channels)
    {
        var ct = context.RequestAborted;
        var (integration, refusal) = await FindForOriginAsync(integrationId, context, intake);
        if (integration is null)
        {
            return refusal!;
        }

        if (!WidgetSessions.TryValidate(integration.Channel, WidgetSessions.BearerToken(context.Request.Headers.Authorization), out var visitorId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        Channels.Abstractions.WebhookRequest request;
        try
        {
            request = await reader.ReadAsync(context.Request, ct);
        }
        catch (BodyTooLargeException)
        {
            return WebhooksApi.TooLarge();
        }
        catch (BodyUnreadableException)
        {
            return WebhooksApi.Unreadable();
        }

        var contentType = context.Request.ContentType ?? "application/json";
        var headers = new Dictionary<string, string> { [WidgetSessions.VisitorHeader] = visitorId };

        // The widget's client is ours and waits for the answer, so a message the Normalizer could not read is refused
        // here with its reason instead of being accepted and dropped later, as a platform's webhook would be.
        try
        {
            channels.Get<IInboundChannel>(Platforms.Widget).Parse(
                new RawDelivery("check", DateTimeOffset.UtcNow, integration.Channel.TenantId, integrationId, Platforms.Widget, contentType, request.Body.ToArray(), headers),
                integration.Channel);
        }
        catch (FormatException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The message cannot be read", detail: ex.Message);
        }

        var result = await intake.AcceptAsync(Platforms.Widget, integrationId, request, contentType, headers, ct);
        return result.Outcome is IntakeOutcome.Accepted or IntakeOutcome.Duplicate
            ? TypedResults.Accepted((string?)null, new { id = result.DeliveryId })
            : WebhooksApi.ToHttpResult(result);
    }

    public static async Task StreamRepliesAsync(
        string integrationId,
        HttpContext context,
        WebhookIntake intake,
        IStateStore state,
        IOptions<IngressOptions> options,
        IHostApplicationLifetime lifetime)
    {
        var response = context.Response;
        var (integration, refusal) = await FindForOriginAsync(integrationId, context, intake);
        if (integration is null)
        {
            await refusal!.ExecuteAsync(context);
            return;
        }

        var token = context.Request.Query["token"].ToString();
        if (!WidgetSessions.TryValidate(integration.Channel, token, out var visitorId))
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(context);
            return;
        }

        var lastSeen = ResumePoint(context.Request);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync(": connected\nretry: 2000\n\n", context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var key = IngressStateKeys.WidgetMailbox(integrationId, visitorId);
        var poll = options.Value.WidgetPollInterval;
        var heartbeat = options.Value.WidgetHeartbeatInterval;
        var sinceWrite = TimeSpan.Zero;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var mailbox = (await state.GetAsync<WidgetMailbox>(key, stop.Token))?.Value;
                var wrote = false;
                foreach (var reply in mailbox?.Replies ?? [])
                {
                    if (reply.Sequence <= lastSeen)
                    {
                        continue;
                    }

                    var json = JsonSerializer.Serialize(reply, EventJson.Options);
                    await response.WriteAsync($"id: {reply.Sequence}\nevent: reply\ndata: {json}\n\n", stop.Token);
                    lastSeen = reply.Sequence;
                    wrote = true;
                }

                if (!wrote && sinceWrite >= heartbeat)
                {
                    await response.WriteAsync(": ping\n\n", stop.Token);
                    wrote = true;
                }

                if (wrote)
                {
                    await response.Body.FlushAsync(stop.Token);
                    sinceWrite = TimeSpan.Zero;
                }

                await Task.Delay(poll, stop.Token);
                sinceWrite += poll;
            }
        }
        catch (OperationCanceledException)
        {
            // The visitor left or the host is stopping; the page reconnects with Last-Event-ID.
        }
    }

    private static long ResumePoint(HttpRequest request)
    {
        var value = request.Headers["Last-Event-ID"].ToString();
        if (value.Length == 0)
        {
            value = request.Query["after"].ToString();
        }

        return long.TryParse(value, out var sequence) && sequence >= 0 ? sequence : 0;
    }

    /// <summary>
    /// The widget integration a browser request is for, its CORS headers set; or, when there is no such integration
    /// or the page's origin is not one it allows, the answer refusing the request.
    /// </summary>
    private static async Task<(ResolvedIntegration? Integration, IResult? Refusal)> FindForOriginAsync(string integrationId, HttpContext context, WebhookIntake intake)
    {
        if (await intake.FindAsync(Platforms.Widget, integrationId, context.RequestAborted) is not var (integration, _))
        {
            return (null, WebhooksApi.UnknownIntegration());
        }

        if (!WidgetCors.IsAllowed(integration.Channel, context.Request.Headers.Origin))
        {
            return (null, ForbiddenOrigin());
        }

        WidgetCors.Apply(context);
        return (integration, null);
    }

    private static IResult ForbiddenOrigin() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Origin not allowed",
        detail: "This site is not in the widget integration's allowedOrigins.");

    private static byte[] Asset(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("widget-assets/" + name)
                           ?? throw new InvalidOperationException($"Widget asset {name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public sealed record WidgetConfig(string Name, string Title, string? Greeting, string AccentColor);

    public sealed record WidgetSession(string VisitorId, string Token);
}
