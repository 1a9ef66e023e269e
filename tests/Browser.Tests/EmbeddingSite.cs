using DaprChannels.TestSupport.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprChannels.Browser.Tests;

/// <summary>
/// Somebody else's website (a WordPress page, say) on its own loopback port: one static page whose
/// only DaprChannels content is the embed snippet pointing at the gateway's origin.
/// </summary>
public sealed class EmbeddingSite : IAsyncDisposable
{
    private readonly LoopbackHost _host;

    private EmbeddingSite(LoopbackHost host)
    {
        _host = host;
    }

    public Uri BaseAddress => _host.BaseUrl;

    public static string Snippet(Uri gateway, string integrationId) =>
        $"<script src=\"{new Uri(gateway, "/widget/embed.js")}\" data-integration=\"{integrationId}\" async></script>";

    public static async Task<EmbeddingSite> StartAsync(string snippet)
    {
        var page = $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>A small business site</title></head>
            <body>
              <h1>Welcome to our shop</h1>
              <p>Questions? Use the chat in the corner.</p>
              {snippet}
            </body>
            </html>
            """;
        return new EmbeddingSite(await LoopbackHost.StartAsync(app => app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"))));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
    }
}
