using DaprChannels.IntegrationAdmin.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace DaprChannels.IntegrationAdmin.Apis;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the API reference rendering it at <c>/docs</c>.</summary>
public static class DocsApi
{
    public const string DocumentName = "v1";
    public const string Title = "DaprChannels API";

    public static IServiceCollection AddDocsApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer(DescribeAsync);
            options.AddApiKeySecurity();
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

    private static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = Title;
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
