using Microsoft.Net.Http.Headers;

namespace DaprChannels.IntegrationAdmin.Apis;

/// <summary>
/// Inbound media by the platform's media id, fetched on demand with the integration's credentials
/// and streamed through: the gateway keeps no copy, and the platform's token never leaves it.
/// </summary>
public static class MediaApi
{
    /// <summary>Platform media ids (Graph ids, Telegram file_ids) are at most this long.</summary>
    public const int MaxMediaIdLength = 256;

    public static IEndpointRouteBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/integrations/{integrationId}/media/{mediaId}", GetMediaAsync).RequireAdminRole(RoleSets.Read).WithTags("Media")
            .WithName("GetIntegrationMedia")
            .WithSummary("Streams a contact's media file").WithDescription("Streams a contact's media file by the platform's media id (WhatsApp, Telegram), fetched with the integration's credentials.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        return app;
    }

    public static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> GetMediaAsync(
        string integrationId,
        string mediaId,
        HttpContext context,
        IntegrationService integrations,
        IntegrationDirectory directory,
        ChannelRegistry channels,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        if (!IsValidMediaId(mediaId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["mediaId"] = [$"A media id is 1 to {MaxMediaIdLength} letters, digits, '-' or '_'."],
            });
        }

        var principal = AdminAuthorization.Principal(context);
        var record = principal.TenantId is null ? null : await integrations.FindAsync(principal.TenantId, integrationId, ct);
        if (record is null)
        {
            return TenantsApi.NotFound("integration");
        }

        if (channels.Find<IMediaSource>(record.Platform) is not { } source || !source.Capabilities.MediaById)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No media by id",
                detail: $"Media on {record.Platform} arrives as links in the message, not as ids to fetch.");
        }

        MediaFetchResult media;
        try
        {
            var resolved = await directory.ResolveAsync(record, ct);
            media = await source.FetchMediaAsync(resolved.Channel, mediaId, ct);
        }
        catch (ChannelConfigurationException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Integration not configured", detail: ex.Message);
        }

        if (media.Status != MediaFetchStatus.Ok || media.Content is null)
        {
            loggers.CreateLogger("DaprChannels.IntegrationAdmin.Media")
                .LogInformation("Media of integration {IntegrationId} on {Platform} not fetched: {Status}", record.Id, record.Platform, media.Status);
            await media.DisposeAsync();
            return Failure(media);
        }

        // The stream is disposed by the result; the fetch result owns whatever else the platform's answer holds.
        context.Response.RegisterForDisposeAsync(media);
        if (media.Length is { } length)
        {
            context.Response.ContentLength = length;
        }

        // A contact's file is never rendered in the admin's origin, whatever type the platform claims.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "sandbox";
        return TypedResults.Stream(media.Content, ContentTypeOf(media), media.FileName ?? mediaId);
    }

    /// <summary>The platform's type when it is a well-formed media type; anything else goes out as plain bytes.</summary>
    private static string ContentTypeOf(MediaFetchResult media) =>
        MediaTypeHeaderValue.TryParse(media.ContentType, out var parsed) && parsed.MediaType.HasValue && parsed.MediaType.IndexOf('/') > 0
            ? parsed.ToString()
            : "application/octet-stream";

    public static bool IsValidMediaId(string? mediaId) =>
        mediaId is { Length: > 0 and <= MaxMediaIdLength } && mediaId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static ProblemHttpResult Failure(MediaFetchResult media) => media.Status switch
    {
        MediaFetchStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown media", detail: media.Reason),
        MediaFetchStatus.Unauthorized => TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Platform refused the credentials",
            detail: $"{media.Reason} Update the integration's credentials."),
        MediaFetchStatus.TooLarge => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Media too large", detail: media.Reason),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Platform unavailable",
            detail: $"{media.Reason} Try again shortly."),
    };
}
