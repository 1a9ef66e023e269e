using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace DaprChannels.IntegrationAdmin.Apis;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the API reference rendering it at <c>/docs</c>.</summary>
public static class DocsApi
{
    public const string DocumentName = "v1";
    public const string Title = "DaprChannels API";

    /// <summary>What each tag of the document groups; the reference shows it above the group.</summary>
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Tenants"] = "Tenants, their API keys and the secrets the operator grants them.",
        ["Integrations"] = "Platform accounts connected to a tenant: credentials, webhook, bot and status.",
        ["Platforms"] = "The platforms that can be connected and what each needs.",
        ["Messages"] = "Sending through an integration and following a message's delivery.",
        ["Media"] = "Files that arrived with inbound messages.",
        ["Leads"] = "Leads captured from lead forms.",
        ["Account claims"] = "Which integration holds a platform account; the operator can release or assign one.",
        ["Operations"] = "The operator's view of deliveries that failed for good.",
        ["Webhooks"] = "Where platforms deliver events; each request is verified with the platform's signature or token, not an API key.",
        ["Website widget"] = "The chat bubble a site embeds: its script and the visitor's session, messages and replies.",
    };

    public static IServiceCollection AddDocsApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer(DescribeAsync);
            options.AddApiKeySecurity();
            options.AddExamples();
            options.AddSchemaTransformer(AllowProblemExtensionsAsync);
        });

    public static IEndpointRouteBuilder MapDocsApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        // Scalar.AspNetCore serves its own script; /docs shows the one document. The page calls
        // nothing outside the gateway: no font CDN, no usage reports, no hosted chat or MCP features.
        app.MapScalarApiReference("/docs", options => options
            .WithTitle(Title)
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocument(DocumentName, Title)
            .AddPreferredSecuritySchemes([ApiKeyOpenApi.SchemeName])
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
        return app;
    }

    /// <summary>Problem details carry extension members (traceId on every one, operationId on a 409): the schema says so.</summary>
    private static Task AllowProblemExtensionsAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            schema.AdditionalProperties = new OpenApiSchema();
        }

        return Task.CompletedTask;
    }

    private static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = Title;
        document.Info.License = new OpenApiLicense { Name = "Apache-2.0", Url = new Uri("https://www.apache.org/licenses/LICENSE-2.0") };
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        document.Info.Description =
            "Connect messaging platforms, send messages, read leads. Every /api/v1 operation takes an API key as " +
            "`Authorization: Bearer <key>`; webhooks and the website widget are public.";
        // The servers are the request's base URL; a trailing slash would double the paths' slash.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        return Task.CompletedTask;
    }
}
