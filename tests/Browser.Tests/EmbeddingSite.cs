using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Browser.Tests;

/// <summary>
/// Somebody else's website (a WordPress page, say) on its own loopback port: one static page whose
/// only DaprChannels content is the embed snippet pointing at the gateway's origin.
/// </summary>
public sealed class EmbeddingSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddingSite(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static string Snippet(Uri gateway, string integrationId) =>
        $"<script src=\"{new Uri(gateway, "/widget/embed.js")}\" data-integration=\"{integrationId}\" async></script>";

    public static async Task<EmbeddingSite> StartAsync(string snippet)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
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
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new EmbeddingSite(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
