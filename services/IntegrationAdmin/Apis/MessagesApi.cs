using DaprChannels.BuildingBlocks;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.IntegrationAdmin.Apis;

/// <summary>
/// Sending a message into a conversation from outside (an agent's reply, a notification) and
/// following what became of it: sent or failed with the platform's reason, then delivered and read.
/// </summary>
public static class MessagesApi
{
    public const int MaxAddressLength = 256;
    private const int MaxIdempotencyKeyLength = 128;
    private const int MaxTextLength = 65_536;

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/integrations/{integrationId}/messages").WithTags("Messages");
        group.MapPost("/", SendAsync).RequireAdminRole(RoleSets.Work)
            .WithName("SendMessage").WithSummary("Queues a message to a contact; the same idempotency key never sends twice.");
        group.MapGet("/{messageId}", GetAsync).RequireAdminRole(RoleSets.Read)
            .WithName("GetMessage").WithSummary("Reads a sent message's status").WithDescription("What became of a sent message: queued, sent or failed with the platform's reason, and its delivery status.");
        return app;
    }

    /// <param name="To">The platform address (a WhatsApp number, a chat id, a page-scoped id, a widget visitor id).</param>
    /// <param name="Content">The message, with a <c>type</c>: text, media, location, contacts, interactive, reaction, template.</param>
    /// <param name="ReplyTo">The platform message id being answered, where the platform can quote it.</param>
    /// <param name="IdempotencyKey">Repeating a request with the same key returns the first request's message id and sends once.</param>
    /// <param name="Origin">
    /// <c>api</c> (default: an automated message) or <c>agent</c> (a person's reply: on Messenger and
    /// Instagram it may still be sent up to 7 days after the contact's last message, tagged HUMAN_AGENT).
    /// </param>
    public sealed record SendMessageRequest(string? To, JsonElement Content, string? ReplyTo, string? IdempotencyKey, string? Origin = null);

    public sealed record MessageAccepted(string Id, string IntegrationId, string State);

    public sealed record DeliveryView(DeliveryStatus Status, DateTimeOffset At, string? ErrorCode, string? ErrorMessage);

    public sealed record MessageView(
        string Id,
        string IntegrationId,
        string State,
        string? PlatformMessageId,
        string? ErrorCode,
        string? Reason,
        DateTimeOffset? UpdatedAt,
        DeliveryView? Delivery);

    public static async Task<Results<Accepted<MessageAccepted>, ValidationProblem, ProblemHttpResult>> SendAsync(
        string integrationId,
        SendMessageRequest request,
        HttpContext context,
        IntegrationService integrations,
        ChannelRegistry channels,
        MessageViews views,
        IEventPublisher publisher,
        TimeProvider clock,
        CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        var record = principal.TenantId is null ? null : await integrations.FindAsync(principal.TenantId, integrationId, ct);
        if (record is null)
        {
            return TenantsApi.NotFound("integration");
        }

        if (channels.Find(record.Platform) is not { Capabilities.Text: true } adapter)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not a messaging channel",
                detail: $"Integrations of platform '{record.Platform}' do not send messages.");
        }

        if (record.Status != IntegrationStatus.Active)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Integration not active",
                detail: record.Status switch
                {
                    IntegrationStatus.NeedsReauthorization => "The platform refused the integration's credentials; update them before sending.",
                    IntegrationStatus.Pending => "The integration is pending: its credentials have not yet proven control of its platform account.",
                    _ => "The integration is disabled.",
                });
        }

        var errors = new Dictionary<string, string[]>();
        var to = request.To?.Trim();
        if (string.IsNullOrEmpty(to) || to.Length > MaxAddressLength)
        {
            errors["to"] = [$"The contact's platform address is required (1 to {MaxAddressLength} characters)."];
        }
        else if (adapter is IAddressNormalizer normalizer)
        {
            // The conversation (and its customer-service window) is found by the address as the platform's webhooks write it.
            to = normalizer.NormalizeAddress(to);
            if (to is null)
            {
                errors["to"] = ["This platform addresses contacts by phone number: country code and digits, e.g. 4915112345678."];
            }
        }

        MessageOrigin? origin = request.Origin?.Trim().ToLowerInvariant() switch
        {
            null or "api" => MessageOrigin.Api,
            "agent" => MessageOrigin.Agent,
            _ => null,
        };
        if (origin is null)
        {
            errors["origin"] = ["The origin is 'api' (automated) or 'agent' (a person's reply)."];
        }

        if (request.IdempotencyKey is { } key && (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(char.IsControl)))
        {
            errors["idempotencyKey"] = [$"An idempotency key is 1 to {MaxIdempotencyKeyLength} printable characters."];
        }

        var content = ReadContent(request.Content, errors);
        if (content is not null && Validate(content, adapter.Capabilities) is { } contentError)
        {
            errors["content"] = [contentError];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var id = request.IdempotencyKey is { } idempotencyKey
            ? StableId.From("api_", record.TenantId, record.Id, idempotencyKey)
            : "api_" + Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow();
        var accepted = new ApiMessageRecord(id, record.TenantId, record.Id, to!, now);
        try
        {
            var previous = await views.FindAsync(id, ct);
            if (previous is null)
            {
                await views.AcceptAsync(accepted, ct);
            }
            else if (previous.ChannelAddress != to || previous.TenantId != record.TenantId)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency key reused",
                    detail: "This idempotency key was already used for a message to another address.");
            }

            // Published again on a repeat: if the first request's publish failed, this one delivers it;
            // if it did not, the Dispatcher recognises the id and sends nothing.
            await publisher.PublishAsync(OutboundMessageRequested.Topic, new OutboundMessageRequested(
                id, now, record.TenantId, record.Id, record.Platform, ConversationIds.Conversation(record.Id, to!), to!, content!,
                origin!.Value, string.IsNullOrWhiteSpace(request.ReplyTo) ? null : request.ReplyTo.Trim()), ct);
        }
        catch (Exception ex) when (ex is PublishFailedException or StateStoreException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not queued",
                detail: "The message could not be queued; send the same request again (with its idempotency key) shortly.");
        }

        return TypedResults.Accepted($"/api/v1/integrations/{record.Id}/messages/{id}", new MessageAccepted(id, record.Id, "queued"));
    }

    public static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetAsync(
        string integrationId, string messageId, HttpContext context, IntegrationService integrations, MessageViews views, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        var record = principal.TenantId is null || messageId.Length > 128
            ? null
            : await integrations.FindAsync(principal.TenantId, integrationId, ct);
        if (record is null)
        {
            return TenantsApi.NotFound("message");
        }

        var message = await views.FindAsync(messageId, ct);
        if (message is null || message.IntegrationId != record.Id || message.TenantId != record.TenantId)
        {
            return TenantsApi.NotFound("message");
        }

        if (message.Status is not { } sent)
        {
            return TypedResults.Ok(new MessageView(messageId, record.Id, "queued", null, null, null, message.AcceptedAt, null));
        }

        DeliveryView? delivery = null;
        if (message.PlatformMessageId is { } platformId && await views.FindDeliveryAsync(record.Id, platformId, ct) is { } status)
        {
            delivery = new DeliveryView(status.Status, status.Timestamp, status.ErrorCode, status.ErrorMessage);
        }

        var stateName = sent switch
        {
            DeliveryStatus.Pending => "queued",
            DeliveryStatus.Failed => "failed",
            _ => "sent",
        };
        return TypedResults.Ok(new MessageView(messageId, record.Id, stateName, message.PlatformMessageId, message.ErrorCode, message.ErrorReason, message.UpdatedAt, delivery));
    }

    /// <summary>
    /// Read as events are, then checked for what reading lets through (a null list item, a coordinate
    /// that is NaN or off the globe): every problem is an error under its field's path here, not a
    /// failure at publish or eight failed sends later.
    /// </summary>
    private static MessageContent? ReadContent(JsonElement element, Dictionary<string, string[]> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors["content"] = ["The message content is required: an object with a 'type' (text, media, location, contacts, interactive, reaction, template)."];
            return null;
        }

        MessageContent? content;
        try
        {
            content = element.Deserialize<MessageContent>(EventJson.Options);
        }
        catch (NotSupportedException)
        {
            errors["content"] = ["The message content could not be read: its 'type' is missing or unknown."];
            return null;
        }
        catch (JsonException ex)
        {
            // The path names the field; the message is left out, as it may quote the request.
            var field = ex.Path is { Length: > 1 } path && path.StartsWith('$') ? "content" + path[1..] : "content";
            errors[field] = ["The message content could not be read: this field is missing, null or has the wrong type."];
            return null;
        }

        var problems = MessageContentRules.Check(content);
        foreach (var problem in problems)
        {
            errors[problem.Field] = [problem.Message];
        }

        return problems.Count == 0 ? content : null;
    }

    /// <summary>What no platform would take; what some cannot render is degraded by the Dispatcher and reported.</summary>
    private static string? Validate(MessageContent content, ChannelCapabilities capabilities) => content switch
    {
        TextContent text when string.IsNullOrWhiteSpace(text.Text) => "A text message needs some text.",
        TextContent text when text.Text.Length > MaxTextLength => $"A text message is at most {MaxTextLength} characters.",
        MediaContent media when media.MediaId is null && media.Url is null => "Media needs a url or a platform mediaId.",
        MediaContent media when media.Url is not null
            && !(Uri.TryCreate(media.Url, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps) => "A media url must be an absolute https URL the platform can fetch.",
        MediaContent media when media.Url is null && !capabilities.MediaById => "This platform cannot send media by id; give a url.",
        InteractiveContent interactive when string.IsNullOrWhiteSpace(interactive.Body) || interactive.Sections.Sum(s => s.Options.Count) == 0
            => "An interactive message needs a body and at least one option.",
        ReactionContent reaction when string.IsNullOrWhiteSpace(reaction.TargetPlatformMessageId) => "A reaction needs the platform message id it reacts to.",
        TemplateContent template when string.IsNullOrWhiteSpace(template.Name) || string.IsNullOrWhiteSpace(template.LanguageCode)
            => "A template needs its approved name and language code (e.g. en_US).",
        TemplateContent template when template.BodyParameters.Any(string.IsNullOrEmpty) => "Template parameters cannot be empty.",
        InteractiveReplyContent or UnsupportedContent => "This content type is only ever received, not sent.",
        _ => null,
    };
}
