using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprChannels.IntegrationAdmin.Apis;

/// <summary>The API reference: the OpenAPI document rendered by Scalar at <c>/docs</c>.</summary>
public static class DocsApi
{
    private const string Page = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>DaprChannels API</title></head>
        <body>
          <script id="api-reference" data-url="/openapi/v1.json"></script>
          <script src="/docs/scalar.js"></script>
        </body>
        </html>
        """;

    private static readonly Lazy<byte[]?> Bundle = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("scalar/standalone.js");
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointRouteBuilder MapDocsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/docs", () => Bundle.Value is null
                ? Results.Text("The API reference UI was not bundled in this build; the OpenAPI document is at /openapi/v1.json.", "text/plain")
                : Results.Content(Page, "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        app.MapGet("/docs/scalar.js", (HttpContext context) =>
            {
                if (Bundle.Value is not { } bundle)
                {
                    return Results.NotFound();
                }

                context.Response.Headers.CacheControl = "public, max-age=86400";
                return Results.Bytes(bundle, "text/javascript; charset=utf-8");
            })
            .ExcludeFromDescription();
        return app;
    }
}
